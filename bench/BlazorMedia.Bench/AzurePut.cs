using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

/// <summary>For bench/remote-serving.sh: creates a container whose blobs anyone may read (so the "direct" column needs
/// no SAS, as a CDN origin would be set up) and uploads NAME FILE pairs into it.</summary>
internal static class AzurePut
{
    public static async Task<int> RunAsync(string connectionString, string containerName, string[] pairs)
    {
        var container = new BlobServiceClient(connectionString).GetBlobContainerClient(containerName);
        await container.CreateIfNotExistsAsync(PublicAccessType.Blob);
        for (var i = 0; i + 1 < pairs.Length; i += 2)
        {
            await using var file = File.OpenRead(pairs[i + 1]);
            await container.GetBlobClient(pairs[i]).UploadAsync(file, overwrite: true);
        }
        return 0;
    }
}
