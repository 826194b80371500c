using BlazorMedia.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BlazorMedia.Tests.Data;

/// <summary>SQL Server cannot run here, so its migrations are checked as scripts: the migration script and the model's
/// create script parse as T-SQL (SQL Server's own parser) and build the same schema, filters and collations included.</summary>
public sealed class SqlServerScriptTests : IDisposable
{
    private readonly MediaDbContext _db = UnreachableDatabase.Context(DatabaseOptions.SqlServer);

    public void Dispose() => _db.Dispose();

    private SqlServerSchema Migrations(MigrationsSqlGenerationOptions options = MigrationsSqlGenerationOptions.Default) =>
        SqlServerSchema.Read(_db.GetService<IMigrator>().GenerateScript(options: options));

    private SqlServerSchema CreateScript() => SqlServerSchema.Read(_db.Database.GenerateCreateScript());

    [Theory]
    [InlineData(MigrationsSqlGenerationOptions.Default)]
    [InlineData(MigrationsSqlGenerationOptions.Idempotent)]
    public void MigrationScript_IsTSqlThisReaderUnderstands(MigrationsSqlGenerationOptions options)
    {
        var schema = Migrations(options);

        schema.ParseErrors.ShouldBeEmpty();
        schema.Unsupported.ShouldBeEmpty();
    }

    [Fact]
    public void CreateScript_IsTSqlThisReaderUnderstands()
    {
        var schema = CreateScript();

        schema.ParseErrors.ShouldBeEmpty();
        schema.Unsupported.ShouldBeEmpty();
    }

    [Fact]
    public void MigrationScript_BuildsTheCreateScriptsSchema()
    {
        var fromModel = CreateScript().Lines();

        fromModel.Count.ShouldBeGreaterThan(100);
        Migrations().Lines().ShouldBe(fromModel);
    }

    /// <summary>SQL Server filters a unique index on nullable columns (<c>WHERE … IS NOT NULL</c>, so NULLs do not
    /// collide as they would not on SQLite and PostgreSQL); a unique index on a NOT NULL column has no filter.</summary>
    [Theory]
    [InlineData("AspNetRoles.RoleNameIndex unique=True clustered=False (NormalizedName) where [NormalizedName] IS NOT NULL")]
    [InlineData("AspNetUsers.UserNameIndex unique=True clustered=False (NormalizedUserName) where [NormalizedUserName] IS NOT NULL")]
    [InlineData("Profiles.IX_Profiles_OwnerId unique=True clustered=False (OwnerId) where [OwnerId] IS NOT NULL")]
    [InlineData("StoredFiles.IX_StoredFiles_Name unique=True clustered=False (Name)")]
    [InlineData("Folders.IX_Folders_Path unique=True clustered=False (Path)")]
    public void MigrationScript_UniqueIndex_FilteredOnlyWhenNullable(string index)
    {
        Migrations().Lines().ShouldContain($"index {index}");
        CreateScript().Lines().ShouldContain($"index {index}");
    }

    [Theory]
    [InlineData("StoredFiles.Name type=nvarchar(512) nullable=False identity=False collation=Latin1_General_100_BIN2")]
    [InlineData("StoredFiles.SearchName type=nvarchar(255) nullable=False identity=False collation=Latin1_General_100_BIN2")]
    [InlineData("Folders.Path type=nvarchar(512) nullable=False identity=False collation=Latin1_General_100_BIN2")]
    [InlineData("Profiles.SearchName type=nvarchar(200) nullable=False identity=False collation=Latin1_General_100_BIN2")]
    [InlineData("Profiles.OwnerId type=nvarchar(450) nullable=True identity=False collation=default")]
    [InlineData("StoredFiles.OwnerId type=nvarchar(64) nullable=True identity=False collation=default")]
    [InlineData("AspNetUsers.NormalizedEmail type=nvarchar(256) nullable=True identity=False collation=default")]
    public void MigrationScript_NamesCompareOrdinally_UserIdsKeepTheDefault(string column) =>
        Migrations().Lines().ShouldContain($"column {column}");

    [Fact]
    public void MigrationScript_FolderCountsKey_Nonclustered() =>
        Migrations().Lines().ShouldContain("constraint FolderCounts.PK_FolderCounts primary key clustered=False (Path)");
}
