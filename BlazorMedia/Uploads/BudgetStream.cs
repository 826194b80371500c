namespace BlazorMedia.Uploads;

/// <summary>Counts what an upload stream delivers against the user's <see cref="UploadBudget"/> while it is read, so a
/// stream that crosses the daily budget or the quota is cut off at that point (the spooler then deletes its temp file)
/// instead of being read to its end and refused afterwards. Read-only, forward-only, asynchronous only.</summary>
internal sealed class BudgetStream(Stream inner, UploadBudget budget) : ForwardReadStream
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken);
        await budget.AddAsync(n, cancellationToken);
        return n;
    }
}
