using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecrecyTraining.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ExamSessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ExamSessionId",
                table: "TrainingAssignments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CloseNote",
                table: "Attempts",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ExamSessionId",
                table: "Attempts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "FocusLosses",
                table: "Attempts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "OnPaper",
                table: "Attempts",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "AttemptArchives",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AttemptId = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Pdf = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AttemptArchives", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AttemptArchives_Attempts_AttemptId",
                        column: x => x.AttemptId,
                        principalTable: "Attempts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AttemptFocusEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AttemptId = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AttemptFocusEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AttemptFocusEvents_Attempts_AttemptId",
                        column: x => x.AttemptId,
                        principalTable: "Attempts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ExamSessions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ExamId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OpensAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosesAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DurationMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    StartCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    FocusLossLimit = table.Column<int>(type: "INTEGER", nullable: true),
                    MakeUpOfId = table.Column<int>(type: "INTEGER", nullable: true),
                    Audience = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AudienceValue = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    PublishedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExamSessions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExamSessions_ExamBlueprints_ExamId",
                        column: x => x.ExamId,
                        principalTable: "ExamBlueprints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ExamSessions_ExamSessions_MakeUpOfId",
                        column: x => x.MakeUpOfId,
                        principalTable: "ExamSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SessionExaminees",
                columns: table => new
                {
                    SessionId = table.Column<int>(type: "INTEGER", nullable: false),
                    PersonId = table.Column<int>(type: "INTEGER", nullable: false),
                    AttemptId = table.Column<int>(type: "INTEGER", nullable: false),
                    ExtraMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    ExtraReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SessionExaminees", x => new { x.SessionId, x.PersonId });
                    table.ForeignKey(
                        name: "FK_SessionExaminees_Attempts_AttemptId",
                        column: x => x.AttemptId,
                        principalTable: "Attempts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SessionExaminees_ExamSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "ExamSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SessionExaminees_People_PersonId",
                        column: x => x.PersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TrainingAssignments_ExamSessionId",
                table: "TrainingAssignments",
                column: "ExamSessionId");

            migrationBuilder.CreateIndex(
                name: "IX_Attempts_ExamSessionId",
                table: "Attempts",
                column: "ExamSessionId");

            migrationBuilder.CreateIndex(
                name: "IX_AttemptArchives_AttemptId",
                table: "AttemptArchives",
                column: "AttemptId");

            migrationBuilder.CreateIndex(
                name: "IX_AttemptFocusEvents_AttemptId",
                table: "AttemptFocusEvents",
                column: "AttemptId");

            migrationBuilder.CreateIndex(
                name: "IX_ExamSessions_ExamId",
                table: "ExamSessions",
                column: "ExamId");

            migrationBuilder.CreateIndex(
                name: "IX_ExamSessions_MakeUpOfId",
                table: "ExamSessions",
                column: "MakeUpOfId");

            migrationBuilder.CreateIndex(
                name: "IX_ExamSessions_OpensAt",
                table: "ExamSessions",
                column: "OpensAt");

            migrationBuilder.CreateIndex(
                name: "IX_SessionExaminees_AttemptId",
                table: "SessionExaminees",
                column: "AttemptId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SessionExaminees_PersonId",
                table: "SessionExaminees",
                column: "PersonId");

            migrationBuilder.AddForeignKey(
                name: "FK_Attempts_ExamSessions_ExamSessionId",
                table: "Attempts",
                column: "ExamSessionId",
                principalTable: "ExamSessions",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_TrainingAssignments_ExamSessions_ExamSessionId",
                table: "TrainingAssignments",
                column: "ExamSessionId",
                principalTable: "ExamSessions",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Attempts_ExamSessions_ExamSessionId",
                table: "Attempts");

            migrationBuilder.DropForeignKey(
                name: "FK_TrainingAssignments_ExamSessions_ExamSessionId",
                table: "TrainingAssignments");

            migrationBuilder.DropTable(
                name: "AttemptArchives");

            migrationBuilder.DropTable(
                name: "AttemptFocusEvents");

            migrationBuilder.DropTable(
                name: "SessionExaminees");

            migrationBuilder.DropTable(
                name: "ExamSessions");

            migrationBuilder.DropIndex(
                name: "IX_TrainingAssignments_ExamSessionId",
                table: "TrainingAssignments");

            migrationBuilder.DropIndex(
                name: "IX_Attempts_ExamSessionId",
                table: "Attempts");

            migrationBuilder.DropColumn(
                name: "ExamSessionId",
                table: "TrainingAssignments");

            migrationBuilder.DropColumn(
                name: "CloseNote",
                table: "Attempts");

            migrationBuilder.DropColumn(
                name: "ExamSessionId",
                table: "Attempts");

            migrationBuilder.DropColumn(
                name: "FocusLosses",
                table: "Attempts");

            migrationBuilder.DropColumn(
                name: "OnPaper",
                table: "Attempts");
        }
    }
}
