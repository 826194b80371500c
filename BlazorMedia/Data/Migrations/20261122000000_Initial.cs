using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace BlazorMedia.Data.Migrations;

/// <summary>Hand-written (EF Design tools do not restore here). Provider-neutral: column types are left to the
/// provider, identity columns carry both providers' annotations and each provider ignores the other's.
/// MigrationSchemaTests proves the result equals what the model would create, on SQLite and PostgreSQL.</summary>
[DbContext(typeof(MediaDbContext))]
[Migration("20261122000000_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable(
            name: "Profiles",
            columns: t => new
            {
                Id = t.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                Name = t.Column<string>(maxLength: 200, nullable: false),
                SearchName = t.Column<string>(maxLength: 200, nullable: false),
                AvatarName = t.Column<string>(maxLength: 512, nullable: true),
                AvatarWidth = t.Column<int>(nullable: true),
                AvatarHeight = t.Column<int>(nullable: true),
                ReportName = t.Column<string>(maxLength: 512, nullable: true),
                CreatedUtc = t.Column<DateTime>(nullable: false),
                UpdatedUtc = t.Column<DateTime>(nullable: false),
                Version = t.Column<Guid>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_Profiles", x => x.Id));

        mb.CreateTable(
            name: "StoredFiles",
            columns: t => new
            {
                Id = t.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                Name = t.Column<string>(maxLength: 512, nullable: false),
                Size = t.Column<long>(nullable: false),
                Sha256 = t.Column<string>(maxLength: 64, nullable: false),
                ContentType = t.Column<string>(maxLength: 100, nullable: false),
                Width = t.Column<int>(nullable: true),
                Height = t.Column<int>(nullable: true),
                OriginalName = t.Column<string>(maxLength: 255, nullable: false),
                OwnerId = t.Column<string>(maxLength: 64, nullable: true),
                CreatedUtc = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_StoredFiles", x => x.Id));

        mb.CreateIndex("IX_Profiles_SearchName_Id", "Profiles", ["SearchName", "Id"]);
        mb.CreateIndex("IX_Profiles_CreatedUtc_Id", "Profiles", ["CreatedUtc", "Id"]);
        mb.CreateIndex("IX_Profiles_AvatarName", "Profiles", "AvatarName");
        mb.CreateIndex("IX_Profiles_ReportName", "Profiles", "ReportName");
        mb.CreateIndex("IX_StoredFiles_Name", "StoredFiles", "Name", unique: true);
        mb.CreateIndex("IX_StoredFiles_Sha256", "StoredFiles", "Sha256");
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropTable("Profiles");
        mb.DropTable("StoredFiles");
    }
}
