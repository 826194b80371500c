using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorMedia.Data.Migrations.SqlServer
{
    /// <summary>Marks the cleaning of stored display names (see <c>Catalog.DisplayNameCleanup</c>).</summary>
    public partial class CleanDisplayNames : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // No schema change. The data step (every stored file's original name through Storage.DisplayName) is C#,
            // which a migration cannot run: StartupChecks runs Catalog.DisplayNameCleanup while this migration is
            // still pending, then applies it, so the cleanup runs once per database and again if it was interrupted.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
