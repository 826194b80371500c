using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorMedia.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CircuitStates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CircuitStates",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Value = table.Column<byte[]>(type: "BLOB", nullable: false),
                    ExpiresUnixMs = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CircuitStates", x => x.Key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CircuitStates_ExpiresUnixMs",
                table: "CircuitStates",
                column: "ExpiresUnixMs");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CircuitStates");
        }
    }
}
