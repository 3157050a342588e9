using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecrecyTraining.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FillBlankAndShortAnswer : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "GradedAt",
                table: "Responses",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "GradedBy",
                table: "Responses",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "GraderComment",
                table: "Responses",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Texts",
                table: "Responses",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]"); // a JSON list: the rows written before hold no texts / blanks

            migrationBuilder.AddColumn<string>(
                name: "Blanks",
                table: "Questions",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]"); // a JSON list: the rows written before hold no texts / blanks

            migrationBuilder.AddColumn<bool>(
                name: "NormalizeAnswers",
                table: "Questions",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<string>(
                name: "ReferenceAnswer",
                table: "Questions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Rubric",
                table: "Questions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "AwaitingGrading",
                table: "Attempts",
                type: "INTEGER",
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
