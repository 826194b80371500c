using BlazorMedia.Storage;

namespace BlazorMedia.Tests.Storage;

/// <summary>Passes every call to <paramref name="inner"/>; test doubles override the call they break.</summary>
public class DelegatingStorage(IFileStorage inner) : IFileStorage
{
    protected IFileStorage Inner => inner;

    public virtual Task<string> SaveAsync(string name, Stream content, CancellationToken cancellationToken = default) =>
        inner.SaveAsync(name, content, cancellationToken);

    public virtual Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken = default) =>
        inner.OpenReadAsync(name, cancellationToken);

    public Task DeleteAsync(string name, CancellationToken cancellationToken = default) => inner.DeleteAsync(name, cancellationToken);
    public virtual Task<bool> MoveAsync(string source, string destination, CancellationToken cancellationToken = default) =>
        inner.MoveAsync(source, destination, cancellationToken);
    public Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default) => inner.ExistsAsync(name, cancellationToken);
    public Task<StorageListing> ListAsync(string path, CancellationToken cancellationToken = default) => inner.ListAsync(path, cancellationToken);
    public Task<long> GetSizeAsync(string name, CancellationToken cancellationToken = default) => inner.GetSizeAsync(name, cancellationToken);
    public Task<DateTimeOffset> GetModifiedTimeAsync(string name, CancellationToken cancellationToken = default) =>
        inner.GetModifiedTimeAsync(name, cancellationToken);
    public Task<DateTimeOffset> GetCreatedTimeAsync(string name, CancellationToken cancellationToken = default) =>
        inner.GetCreatedTimeAsync(name, cancellationToken);
    public string GetUrl(string name) => inner.GetUrl(name);
    public string GetValidName(string name) => inner.GetValidName(name);
    public string GenerateFileName(string name) => inner.GenerateFileName(name);
    public Task<string> GetAvailableNameAsync(string name, int? maxLength = null, CancellationToken cancellationToken = default) =>
        inner.GetAvailableNameAsync(name, maxLength, cancellationToken);
}

/// <summary>Counts saves and calls <see cref="AfterSave"/> with the count once each has finished.</summary>
public sealed class CountingSaves(IFileStorage inner) : DelegatingStorage(inner)
{
    public int Saves { get; private set; }
    public Action<int>? AfterSave { get; init; }

    public override async Task<string> SaveAsync(string name, Stream content, CancellationToken cancellationToken = default)
    {
        var saved = await Inner.SaveAsync(name, content, cancellationToken);
        AfterSave?.Invoke(++Saves);
        return saved;
    }
}

/// <summary>Reading <paramref name="failing"/> throws half-way through, like a source disk or connection failing mid-file.</summary>
public sealed class FailingReads(IFileStorage inner, string failing) : DelegatingStorage(inner)
{
    public override async Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken = default)
    {
        var stream = await Inner.OpenReadAsync(name, cancellationToken);
        if (name != failing) return stream;
        var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return new ThrowingAfter(buffer.ToArray(), buffer.Length / 2);
    }

    private sealed class ThrowingAfter(byte[] bytes, long failAfter) : Stream
    {
        private long _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= failAfter) throw new IOException("The source went away.");
            var n = (int)Math.Min(count, failAfter - _position);
            Array.Copy(bytes, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>Stores <paramref name="name"/> under <paramref name="savedAs"/>, as a save does when the name was taken meanwhile.</summary>
public sealed class RenamingSaves(IFileStorage inner, string name, string savedAs) : DelegatingStorage(inner)
{
    public override Task<string> SaveAsync(string name1, Stream content, CancellationToken cancellationToken = default) =>
        Inner.SaveAsync(name1 == name ? savedAs : name1, content, cancellationToken);
}

/// <summary>Flips one byte of what is saved under <paramref name="name"/>: a backend or network that corrupts data.</summary>
public sealed class CorruptingSaves(IFileStorage inner, string name) : DelegatingStorage(inner)
{
    public override async Task<string> SaveAsync(string name1, Stream content, CancellationToken cancellationToken = default)
    {
        if (name1 != name) return await Inner.SaveAsync(name1, content, cancellationToken);
        var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        bytes[bytes.Length / 2] ^= 0xFF;
        return await Inner.SaveAsync(name1, new MemoryStream(bytes), cancellationToken);
    }
}
