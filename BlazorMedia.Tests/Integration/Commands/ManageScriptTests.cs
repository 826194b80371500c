using BlazorMedia.Tests.Infrastructure;

namespace BlazorMedia.Tests.Commands;

/// <summary><c>manage.sh</c> runs verbs only: what is not a verb is refused before anything is built or started (a
/// bare <c>dotnet BlazorMedia.dll</c>, or one given server arguments, would start the web server).</summary>
public sealed class ManageScriptTests
{
    [Theory]
    [InlineData(new string[0], "usage: ./manage.sh VERB [ARGS]; ./manage.sh help lists the verbs")]
    [InlineData(new[] { "--urls", "http://127.0.0.1:5001" }, "manage.sh: '--urls' is not a verb; ./manage.sh help lists them (the server is ./run.sh)")]
    [InlineData(new[] { "Media:Root=/srv/media" }, "manage.sh: 'Media:Root=/srv/media' is not a verb; ./manage.sh help lists them (the server is ./run.sh)")]
    public async Task NotAVerb_RefusedWithExitTwoAndNothingBuilt(string[] args, string message)
    {
        var run = await ProcessRunner.RunAsync("bash", [Path.Combine(TestPaths.RepoRoot, "manage.sh"), .. args]);

        run.ExitCode.ShouldBe(2, run.Output);
        run.Output.Trim().ShouldBe(message);
    }
}
