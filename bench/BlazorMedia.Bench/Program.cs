using System.Globalization;
using BlazorMedia.Imaging;

// Usage: BlazorMedia.Bench thumbnails <engine> <corpus-dir> <out-dir> <size>   (bench/thumbnails.sh)
//        BlazorMedia.Bench profiles [samples]   (bench/profiles.sh)
//        BlazorMedia.Bench bombs [engine] [samples]   (bench/bombs.sh)
//        BlazorMedia.Bench files [samples]      (bench/files.sh)
//        BlazorMedia.Bench files-postgres-plans   (bench/files-postgres.sh)
//        BlazorMedia.Bench uploads [rounds] [MiB] [signalr-MiB]   (bench/uploads.sh)
//        BlazorMedia.Bench upload-memory [rounds] [MiB] [MiB]     (bench/upload-memory.sh)
//        BlazorMedia.Bench circuits [circuits] [rounds]           (bench/circuits.sh)
//        BlazorMedia.Bench azure-put CONNECTION CONTAINER NAME FILE [NAME FILE…]   (bench/remote-serving.sh)
if (args is ["bombs", ..])
    return await BombsBench.RunAsync(args.Length > 1 ? Enum.Parse<ImagingEngine>(args[1]) : ImagingEngine.LibVips,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 50);
if (args is ["files", ..])
    return await FilesBench.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100);
if (args is ["files-postgres-plans"])
    return await PostgresPlansBench.RunAsync();
int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
if (args is ["uploads", ..])
    return await UploadsBench.RunAsync(Arg(1, 5), Arg(2, 256), Arg(3, 64));
if (args is ["upload-memory", ..])
    return await UploadMemoryBench.RunAsync(Arg(1, 5), Arg(2, 1024), Arg(3, 4096));
if (args is ["circuits", ..])
    return await CircuitsBench.RunAsync(Arg(1, 200), Arg(2, 5));
if (args is ["azure-put", var connection, var container, ..])
    return await AzurePut.RunAsync(connection, container, args[3..]);
if (args is ["profiles", ..])
    return await ProfilesBench.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200);
if (args is ["thumbnails", var engine, var corpus, var output, var size])
    return ThumbnailsBench.Run(Enum.Parse<ImagingEngine>(engine), corpus, output, int.Parse(size, CultureInfo.InvariantCulture));
Console.Error.WriteLine("usage: BlazorMedia.Bench thumbnails <LibVips|ImageSharp> <corpus-dir> <out-dir> <size> | profiles | bombs | files | files-postgres-plans | uploads | upload-memory | circuits");
return 2;
