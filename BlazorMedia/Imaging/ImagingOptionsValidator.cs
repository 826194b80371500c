using Microsoft.Extensions.Options;

namespace BlazorMedia.Imaging;

/// <summary>Enforces every bound <see cref="ImagingOptions"/> documents.</summary>
internal sealed class ImagingOptionsValidator : IValidateOptions<ImagingOptions>
{
    public ValidateOptionsResult Validate(string? name, ImagingOptions o)
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(o.Engine))
            errors.Add($"Imaging:Engine '{o.Engine}' is not supported; use one of: {string.Join(", ", Enum.GetNames<ImagingEngine>())}.");
        if (o.Quality is < 1 or > 100)
            errors.Add($"Imaging:Quality {o.Quality} must be between 1 and 100.");
        if (o.ThumbnailQuality is < 1 or > 100)
            errors.Add($"Imaging:ThumbnailQuality {o.ThumbnailQuality} must be between 1 and 100.");
        if (o.ImageSharpAllocationLimitMegabytes is < 16 or > 4096)
            errors.Add($"Imaging:ImageSharpAllocationLimitMegabytes {o.ImageSharpAllocationLimitMegabytes} must be between 16 and 4096.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
