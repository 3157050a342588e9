using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecrecyTraining.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ContentEditing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "EditedAt",
                table: "PostLevelPolicies",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EditedBy",
                table: "PostLevelPolicies",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "EditedAt",
                table: "ExamBlueprints",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EditedBy",
                table: "ExamBlueprints",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "ExamBlueprints",
                type: "integer",
                nullable: false,
                defaultValue: 1); // the blueprints of earlier imports are their first version

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "CreatedAt",
                table: "CommitmentTexts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CreatedBy",
                table: "CommitmentTexts",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "CurrentSince",
                table: "CommitmentTexts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MadeCurrentBy",
                table: "CommitmentTexts",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "QuestionBanks",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuestionBanks", x => x.Id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "QuestionBanks");

            migrationBuilder.DropColumn(
                name: "EditedAt",
                table: "PostLevelPolicies");

            migrationBuilder.DropColumn(
                name: "EditedBy",
                table: "PostLevelPolicies");

            migrationBuilder.DropColumn(
                name: "EditedAt",
                table: "ExamBlueprints");

            migrationBuilder.DropColumn(
                name: "EditedBy",
                table: "ExamBlueprints");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "ExamBlueprints");

            migrationBuilder.DropColumn(
                name: "CreatedAt",
                table: "CommitmentTexts");

            migrationBuilder.DropColumn(
                name: "CreatedBy",
                table: "CommitmentTexts");

            migrationBuilder.DropColumn(
                name: "CurrentSince",
                table: "CommitmentTexts");

            migrationBuilder.DropColumn(
                name: "MadeCurrentBy",
                table: "CommitmentTexts");
        }
    }
}
