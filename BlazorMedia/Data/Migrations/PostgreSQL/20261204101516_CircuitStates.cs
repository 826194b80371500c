using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorMedia.Data.Migrations.PostgreSQL
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
                    Key = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: false),
                    Value = table.Column<byte[]>(type: "bytea", nullable: false),
                    ExpiresUnixMs = table.Column<long>(type: "bigint", nullable: false)
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
