using BlazorMedia.Storage;

namespace BlazorMedia.Tests.Storage;

public sealed class UploadToTests
{
    private static readonly TimeProvider March5 = new FixedTimeProvider(new DateTimeOffset(2026, 3, 5, 23, 30, 0, TimeSpan.FromHours(-5)));

    [Fact]
    public void GenerateName_UuidAndExtTemplate_UsesFreshUuidAndLowerCaseExtension()
    {
        var rule = UploadTo.Template("avatars/{uuid}{ext}");

        var first = rule.GenerateName("Me At The Beach.JPG", null, March5);
        var second = rule.GenerateName("Me At The Beach.JPG", null, March5);

        first.ShouldMatch("^avatars/[0-9a-f]{32}\\.jpg$");
        second.ShouldNotBe(first);
    }

    [Fact]
    public void GenerateName_FolderTemplate_AppendsSanitisedOriginalNameUnderUtcDate()
    {
        // 23:30 at UTC-5 is already March 6 in UTC.
        var name = UploadTo.Template("reports_save/{yyyy}/{MM}/").GenerateName("Q1 report (final).PDF", null, March5);

        name.ShouldBe("reports_save/2026/03/Q1_report_final.pdf");
    }

    [Fact]
    public void GenerateName_DayAndNamePlaceholders_Expanded()
    {
        var name = UploadTo.Template("docs/{dd}/{name}-v1{ext}").GenerateName("C:\\fakepath\\my plan.docx", null, March5);

        name.ShouldBe("docs/06/my_plan-v1.docx");
    }

    [Fact]
    public void GenerateName_GivenExtension_WinsOverTheClaimedOne()
    {
        var name = UploadTo.Template("avatars/{name}{ext}").GenerateName("shell.php", ".WEBP", March5);

        name.ShouldBe("avatars/shell.webp");
    }

    [Theory]
    [InlineData("./../x", ".x")]
    [InlineData("TAR.GZ", ".tar.gz")]
    [InlineData("", "")]
    public void GenerateName_HostileOrOddExtension_Normalised(string extension, string expected)
    {
        UploadTo.Template("f/{name}{ext}").GenerateName("a.bin", extension, March5).ShouldBe("f/a" + expected);
    }

    [Fact]
    public void GenerateName_NoUsableCharactersInOriginal_FallsBackToFile()
    {
        UploadTo.Template("up/").GenerateName("???.png", null, March5).ShouldBe("up/file.png");
    }

    [Fact]
    public void GenerateName_VeryLongOriginalName_ShortensStemKeepingExtension()
    {
        var name = UploadTo.Template("up/").GenerateName(new string('x', 400) + ".pdf", null, March5);

        name.ShouldBe("up/" + new string('x', 251) + ".pdf");
    }

    [Fact]
    public void GenerateName_Delegate_GetsContextWithUtcNow()
    {
        UploadToContext? seen = null;
        var rule = UploadTo.Delegate(c => { seen = c; return $"custom/{c.Now:yyyyMMdd}/{c.Stem}{c.Extension}"; });

        rule.GenerateName("My File.Txt", null, March5).ShouldBe("custom/20260306/My_File.txt");
        seen.ShouldNotBeNull();
        seen.OriginalFileName.ShouldBe("My File.Txt");
    }

    [Fact]
    public void GenerateName_DelegateReturnsTraversal_Refused()
    {
        var rule = UploadTo.Delegate(c => "../" + c.Stem);

        Should.Throw<StorageException>(() => rule.GenerateName("x.png", null, March5))
            .Message.ShouldBe("Storage name '../x' refused: it contains a '..' segment.");
    }

    [Fact]
    public void Template_UnknownPlaceholder_ThrowsListingValidOnes()
    {
        Should.Throw<ArgumentException>(() => UploadTo.Template("avatars/{Y}/{uuid}"))
            .Message.ShouldBe("Upload-to template 'avatars/{Y}/{uuid}' has an unknown placeholder '{Y}'; use {yyyy}, {MM}, {dd}, {uuid}, {ext}, {name}. (Parameter 'template')");
    }

    [Theory]
    [InlineData("/abs/{uuid}", "it starts with '/'; names are relative")]
    [InlineData("../up/", "it contains a '..' segment")]
    [InlineData("a//{uuid}", "it contains an empty segment")]
    public void Template_CannotYieldValidName_ThrowsAtDeclaration(string template, string rule)
    {
        Should.Throw<ArgumentException>(() => UploadTo.Template(template))
            .Message.ShouldBe($"Upload-to template '{template}' cannot give a valid storage name: {rule}. (Parameter 'template')");
    }
}
