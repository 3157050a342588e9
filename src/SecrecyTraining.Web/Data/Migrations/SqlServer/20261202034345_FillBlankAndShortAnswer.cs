using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecrecyTraining.Web.Data.Migrations.SqlServer
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
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "GradedBy",
                table: "Responses",
                type: "nvarchar(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "GraderComment",
                table: "Responses",
                type: "nvarchar(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Texts",
                table: "Responses",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "[]"); // a JSON list: the rows written before hold no texts / blanks

            migrationBuilder.AddColumn<string>(
                name: "Blanks",
                table: "Questions",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "[]"); // a JSON list: the rows written before hold no texts / blanks

            migrationBuilder.AddColumn<bool>(
                name: "NormalizeAnswers",
                table: "Questions",
                type: "bit",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<string>(
                name: "ReferenceAnswer",
                table: "Questions",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Rubric",
                table: "Questions",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "AwaitingGrading",
                table: "Attempts",
                type: "bit",
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
