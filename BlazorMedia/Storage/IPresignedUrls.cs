namespace BlazorMedia.Storage;

/// <summary>Optional capability of a backend whose own service can authorise downloads with an expiring URL
/// (S3 presigned GET URLs, django-storages' <c>querystring_auth</c>). The app's URL signer hands such names to the
/// backend instead of appending its own signature, which the backend's service would not accept.</summary>
public interface IPresignedUrls
{
    /// <summary>True when <see cref="IFileStorage.GetUrl"/> of <paramref name="name"/> is a presigned URL.</summary>
    bool IsPresigned(string name);

    /// <summary>A presigned GET URL of <paramref name="name"/>, valid for <paramref name="lifetime"/>.</summary>
    string GetPresignedUrl(string name, TimeSpan lifetime);
}
