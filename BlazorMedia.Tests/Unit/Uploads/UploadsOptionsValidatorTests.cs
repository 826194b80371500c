using BlazorMedia.Uploads;

namespace BlazorMedia.Tests.Uploads;

/// <summary>Every bound <see cref="UploadsOptions"/> documents is enforced by its validator (there are no data
/// annotations left to forget to validate).</summary>
public sealed class UploadsOptionsValidatorTests
{
    [Theory]
    [InlineData(nameof(UploadsOptions.MaxMemorySize), -1L, "Uploads:MaxMemorySize -1 must be between 0 and 268435456 bytes (256 MiB): every upload in progress may hold this much memory.")]
    [InlineData(nameof(UploadsOptions.MaxMemorySize), 268435457L, "Uploads:MaxMemorySize 268435457 must be between 0 and 268435456 bytes (256 MiB): every upload in progress may hold this much memory.")]
    [InlineData(nameof(UploadsOptions.MaxFiles), 0L, "Uploads:MaxFiles 0 must be between 1 and 10000.")]
    [InlineData(nameof(UploadsOptions.MaxFiles), 10001L, "Uploads:MaxFiles 10001 must be between 1 and 10000.")]
    [InlineData(nameof(UploadsOptions.MaxAvatarSize), 0L, "Uploads:MaxAvatarSize 0 must be at least 1 byte.")]
    [InlineData(nameof(UploadsOptions.StreamingThreshold), -1L, "Uploads:StreamingThreshold -1 must be zero or more bytes.")]
    public void Validate_OutOfBounds_FailsNamingTheSetting(string property, long value, string message)
    {
        var options = new UploadsOptions();
        var prop = typeof(UploadsOptions).GetProperty(property)!;
        prop.SetValue(options, Convert.ChangeType(value, prop.PropertyType, System.Globalization.CultureInfo.InvariantCulture));

        var result = new UploadsOptionsValidator().Validate(null, options);

        result.Failed.ShouldBeTrue();
        result.Failures.ShouldBe([message]);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(268435456L)]
    public void Validate_MaxMemorySizeAtItsBounds_Succeeds(long value)
    {
        var result = new UploadsOptionsValidator().Validate(null, new UploadsOptions { MaxMemorySize = value });

        result.Succeeded.ShouldBeTrue();
    }
}
