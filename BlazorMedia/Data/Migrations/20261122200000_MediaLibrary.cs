using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace BlazorMedia.Data.Migrations;

/// <summary>The media library: derived folder/name columns and trash state on the catalog, one index per library
/// sort led by the folder, and the folders table. Rows stored before this migration get their derived columns from
/// <c>CatalogBackfill</c> at start-up (provider-neutral SQL has no portable "last segment" function).</summary>
[DbContext(typeof(MediaDbContext))]
[Migration("20261122200000_MediaLibrary")]
public sealed class MediaLibrary : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.AddColumn<string>("Folder", "StoredFiles", maxLength: 512, nullable: false, defaultValue: "");
        mb.AddColumn<string>("FileName", "StoredFiles", maxLength: 255, nullable: false, defaultValue: "");
        mb.AddColumn<string>("SearchName", "StoredFiles", maxLength: 255, nullable: false, defaultValue: "");
        mb.AddColumn<DateTime>("TrashedUtc", "StoredFiles", nullable: true);
        mb.AddColumn<string>("TrashedFrom", "StoredFiles", maxLength: 512, nullable: true);

        mb.CreateTable(
            name: "Folders",
            columns: t => new
            {
                Id = t.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                Path = t.Column<string>(maxLength: 512, nullable: false),
                Parent = t.Column<string>(maxLength: 512, nullable: false),
                Name = t.Column<string>(maxLength: 255, nullable: false),
                CreatedUtc = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_Folders", x => x.Id));

        mb.CreateIndex("IX_StoredFiles_Folder_SearchName_Id", "StoredFiles", ["Folder", "SearchName", "Id"]);
        mb.CreateIndex("IX_StoredFiles_Folder_Size_Id", "StoredFiles", ["Folder", "Size", "Id"]);
        mb.CreateIndex("IX_StoredFiles_Folder_ContentType_Id", "StoredFiles", ["Folder", "ContentType", "Id"]);
        mb.CreateIndex("IX_StoredFiles_Folder_CreatedUtc_Id", "StoredFiles", ["Folder", "CreatedUtc", "Id"]);
        mb.CreateIndex("IX_StoredFiles_SearchName_Id", "StoredFiles", ["SearchName", "Id"]);
        mb.CreateIndex("IX_StoredFiles_TrashedUtc", "StoredFiles", "TrashedUtc");
        mb.CreateIndex("IX_Folders_Path", "Folders", "Path", unique: true);
        mb.CreateIndex("IX_Folders_Parent_Name", "Folders", ["Parent", "Name"]);
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropTable("Folders");
        foreach (var index in new[] { "Folder_SearchName_Id", "Folder_Size_Id", "Folder_ContentType_Id", "Folder_CreatedUtc_Id", "SearchName_Id", "TrashedUtc" })
            mb.DropIndex("IX_StoredFiles_" + index, "StoredFiles");
        foreach (var column in new[] { "Folder", "FileName", "SearchName", "TrashedUtc", "TrashedFrom" })
            mb.DropColumn(column, "StoredFiles");
    }
}
