using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecrecyTraining.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ContentEditing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "EditedAt",
                table: "PostLevelPolicies",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EditedBy",
                table: "PostLevelPolicies",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "EditedAt",
                table: "ExamBlueprints",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EditedBy",
                table: "ExamBlueprints",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "ExamBlueprints",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1); // the blueprints of earlier imports are their first version

            migrationBuilder.AddColumn<long>(
                name: "CreatedAt",
                table: "CommitmentTexts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CreatedBy",
                table: "CommitmentTexts",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "CurrentSince",
                table: "CommitmentTexts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MadeCurrentBy",
                table: "CommitmentTexts",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "QuestionBanks",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
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
