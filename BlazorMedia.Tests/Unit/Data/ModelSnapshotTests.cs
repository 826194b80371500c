using BlazorMedia.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BlazorMedia.Tests.Data;

/// <summary>Each provider's migration set is complete and its own: the model has no change that its last migration's
/// snapshot lacks (run scripts/add-migration.sh after changing the model), and its migrations are those of its folder.</summary>
public sealed class ModelSnapshotTests
{
    public static TheoryData<string> Providers => UnreachableDatabase.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public void Model_EachProvider_HasNoChangeWithoutAMigration(string provider)
    {
        using var db = UnreachableDatabase.Context(provider);

        db.Database.HasPendingModelChanges().ShouldBeFalse(
            $"the {provider} model differs from its snapshot: run scripts/add-migration.sh NAME and commit the three migrations");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Migrations_EachProvider_AreItsFolderAndStartWithTheBaseline(string provider)
    {
        using var db = UnreachableDatabase.Context(provider);
        var migrations = db.GetService<IMigrationsAssembly>().Migrations;
        var folder = provider == DatabaseOptions.SqlServer ? "SqlServer" : provider;

        migrations.Keys.First().ShouldEndWith("_Baseline");
        migrations.Values.ShouldAllBe(t => t.Namespace == $"BlazorMedia.Data.Migrations.{folder}");
        db.GetService<IMigrationsAssembly>().ModelSnapshot!.GetType().Namespace.ShouldBe($"BlazorMedia.Data.Migrations.{folder}");
    }
}
