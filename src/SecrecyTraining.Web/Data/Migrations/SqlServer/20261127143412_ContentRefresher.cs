using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecrecyTraining.Web.Data.Migrations.SqlServer
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
                type: "nvarchar(1000)",
                maxLength: 1000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ChangedClauses",
                table: "ContentImports",
                type: "nvarchar(4000)",
                maxLength: 4000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RefresherApprovedAt",
                table: "ContentImports",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RefresherApprovedBy",
                table: "ContentImports",
                type: "nvarchar(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RefresherAssignedAt",
                table: "ContentImports",
                type: "datetimeoffset",
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
