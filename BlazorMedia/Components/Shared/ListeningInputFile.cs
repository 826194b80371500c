using Microsoft.AspNetCore.Components.Forms;

namespace BlazorMedia.Components.Shared;

/// <summary>
/// An <see cref="InputFile"/> that says when the browser listens to it. Blazor attaches the input's change listener
/// from the InputFile's own first <c>OnAfterRenderAsync</c>, which runs after its parent's: a drop handler the parent
/// attaches in its first after-render can hand files to the input before anything listens, and those files are lost
/// without a word. Attach drop handlers after <see cref="Listening"/> completes.
/// </summary>
public sealed class ListeningInputFile : InputFile
{
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the browser has run InputFile's initialisation for this element.</summary>
    public Task Listening => _listening.Task;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        try
        {
            // InputFile's first after-render awaits the browser's initialisation call; later ones do nothing.
            await base.OnAfterRenderAsync(firstRender);
        }
        catch (Exception e)
        {
            _listening.TrySetException(e);
            throw;
        }
        if (firstRender) _listening.TrySetResult();
    }
}
