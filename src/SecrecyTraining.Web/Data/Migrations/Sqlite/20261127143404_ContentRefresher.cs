using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecrecyTraining.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ContentRefresher : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AffectedCertificationTypes",
                table: "ContentImports",
                type: "TEXT",
                maxLength: 1000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ChangedClauses",
                table: "ContentImports",
                type: "TEXT",
                maxLength: 4000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "RefresherApprovedAt",
                table: "ContentImports",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RefresherApprovedBy",
                table: "ContentImports",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RefresherAssignedAt",
                table: "ContentImports",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AffectedCertificationTypes",
                table: "ContentImports");

            migrationBuilder.DropColumn(
                name: "ChangedClauses",
                table: "ContentImports");

            migrationBuilder.DropColumn(
                name: "RefresherApprovedAt",
                table: "ContentImports");

            migrationBuilder.DropColumn(
                name: "RefresherApprovedBy",
                table: "ContentImports");

            migrationBuilder.DropColumn(
                name: "RefresherAssignedAt",
                table: "ContentImports");
        }
    }
}
