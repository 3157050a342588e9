using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecrecyTraining.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WrongAnswerBook : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "WrongAnswers",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    QuestionKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TimesWrong = table.Column<int>(type: "INTEGER", nullable: false),
                    CorrectStreak = table.Column<int>(type: "INTEGER", nullable: false),
                    LastWrongAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClearedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WrongAnswers", x => new { x.UserId, x.QuestionKey });
                    table.ForeignKey(
                        name: "FK_WrongAnswers_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "WrongAnswers");
        }
    }
}
