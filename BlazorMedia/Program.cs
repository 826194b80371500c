using BlazorMedia;

var builder = WebApplication.CreateBuilder(args);
builder.AddBlazorMedia(args);

var app = builder.Build();

// Checks settings and the database first, then maps the pipeline and runs; a bad setting exits with code 1.
return await app.RunBlazorMediaAsync(args);
