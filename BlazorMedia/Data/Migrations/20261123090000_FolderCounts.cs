using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BlazorMedia.Data.Migrations;

/// <summary>Per-folder live-file counts, so a library page's total is one row read instead of a COUNT(*) over the
/// folder. Filled here from the rows whose derived columns exist; rows from before the library (FileName still "")
/// are counted by the start-up backfill when it derives them (<see cref="Catalog.CatalogCounts"/>).</summary>
[DbContext(typeof(MediaDbContext))]
[Migration("20261123090000_FolderCounts")]
public sealed class FolderCounts : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable(
            name: "FolderCounts",
            columns: t => new
            {
                Path = t.Column<string>(maxLength: 512, nullable: false),
                FileCount = t.Column<long>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_FolderCounts", x => x.Path));
        // Hidden folders (CatalogFolders.IsHidden: trash, thumbnails) hold no library files and get no count.
        mb.Sql("""
            INSERT INTO "FolderCounts" ("Path", "FileCount")
            SELECT "Folder", COUNT(*) FROM "StoredFiles"
            WHERE "FileName" <> ''
              AND "Folder" <> 'trash' AND "Folder" NOT LIKE 'trash/%'
              AND "Folder" <> 'thumbnails' AND "Folder" NOT LIKE 'thumbnails/%'
            GROUP BY "Folder"
            """);
    }

    protected override void Down(MigrationBuilder mb) => mb.DropTable("FolderCounts");
}
