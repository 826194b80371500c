using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace BlazorMedia.Data.Migrations;

/// <summary>The Data Protection key ring as rows (<c>DataProtection:Store=Database</c>): the shape
/// <c>Microsoft.AspNetCore.DataProtection.EntityFrameworkCore</c>'s <c>DataProtectionKey</c> maps to. Hand-written and
/// provider-neutral like <see cref="Initial"/>.</summary>
[DbContext(typeof(MediaDbContext))]
[Migration("20261122150000_DataProtectionKeys")]
public sealed class DataProtectionKeys : Migration
{
    protected override void Up(MigrationBuilder mb) =>
        mb.CreateTable(
            name: "DataProtectionKeys",
            columns: t => new
            {
                Id = t.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                FriendlyName = t.Column<string>(nullable: true),
                Xml = t.Column<string>(nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_DataProtectionKeys", x => x.Id));

    protected override void Down(MigrationBuilder mb) => mb.DropTable("DataProtectionKeys");
}
