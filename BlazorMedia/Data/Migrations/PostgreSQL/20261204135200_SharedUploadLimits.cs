using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorMedia.Data.Migrations.PostgreSQL
{
    /// <inheritdoc />
    public partial class SharedUploadLimits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "UploadReservations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Bytes = table.Column<long>(type: "bigint", nullable: false),
                    ExpiresUnixMs = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UploadReservations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "UploadSlots",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Slot = table.Column<int>(type: "integer", nullable: false),
                    TakenUnixMs = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UploadSlots", x => new { x.UserId, x.Slot });
                });

            migrationBuilder.CreateTable(
                name: "UploadUsers",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UploadUsers", x => x.UserId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_UploadReservations_UserId_ExpiresUnixMs",
                table: "UploadReservations",
                columns: new[] { "UserId", "ExpiresUnixMs" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "UploadReservations");

            migrationBuilder.DropTable(
                name: "UploadSlots");

            migrationBuilder.DropTable(
                name: "UploadUsers");
        }
    }
}
