using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecrecyTraining.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AttemptReviewPolicy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Review",
                table: "Attempts",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "ScoreOnly");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Review",
                table: "Attempts");
        }
    }
}
