using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecrecyTraining.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class FillBlankAndShortAnswer : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "GradedAt",
                table: "Responses",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "GradedBy",
                table: "Responses",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "GraderComment",
                table: "Responses",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Texts",
                table: "Responses",
                type: "text",
                nullable: false,
                defaultValue: "[]"); // a JSON list: the rows written before hold no texts / blanks

            migrationBuilder.AddColumn<string>(
                name: "Blanks",
                table: "Questions",
                type: "text",
                nullable: false,
                defaultValue: "[]"); // a JSON list: the rows written before hold no texts / blanks

            migrationBuilder.AddColumn<bool>(
                name: "NormalizeAnswers",
                table: "Questions",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<string>(
                name: "ReferenceAnswer",
                table: "Questions",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Rubric",
                table: "Questions",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "AwaitingGrading",
                table: "Attempts",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "GradedAt",
                table: "Responses");

            migrationBuilder.DropColumn(
                name: "GradedBy",
                table: "Responses");

            migrationBuilder.DropColumn(
                name: "GraderComment",
                table: "Responses");

            migrationBuilder.DropColumn(
                name: "Texts",
                table: "Responses");

            migrationBuilder.DropColumn(
                name: "Blanks",
                table: "Questions");

            migrationBuilder.DropColumn(
                name: "NormalizeAnswers",
                table: "Questions");

            migrationBuilder.DropColumn(
                name: "ReferenceAnswer",
                table: "Questions");

            migrationBuilder.DropColumn(
                name: "Rubric",
                table: "Questions");

            migrationBuilder.DropColumn(
                name: "AwaitingGrading",
                table: "Attempts");
        }
    }
}
