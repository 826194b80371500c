using BlazorMedia;

var builder = WebApplication.CreateBuilder(args);
builder.AddBlazorMedia();

var app = builder.Build();
app.UseBlazorMedia();

return await app.RunBlazorMediaAsync();
