using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SecrecyTraining.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PostAssignments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Renews",
                table: "CertificationTypes",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RevocationReason",
                table: "Certifications",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RevokedAt",
                table: "Certifications",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RevokedBy",
                table: "Certifications",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "ScorePercent",
                table: "Certifications",
                type: "numeric(5,2)",
                precision: 5,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<string>(
                name: "VerificationCode",
                table: "Certifications",
                type: "character varying(400)",
                maxLength: 400,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "PostAssignments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PersonId = table.Column<int>(type: "integer", nullable: false),
                    PostId = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ProposedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ProposedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Vetting = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    VettedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    VettedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    VettingNote = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ActivatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SuspendedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SuspensionReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    LeavingRequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    EndedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DecryptionEndsOn = table.Column<DateOnly>(type: "date", nullable: true),
                    DecryptionChangeReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PostAssignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PostAssignments_People_PersonId",
                        column: x => x.PersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PostAssignments_Posts_PostId",
                        column: x => x.PostId,
                        principalTable: "Posts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CommitmentSignatures",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CommitmentTextId = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    TextHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SignedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PostAssignmentId = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommitmentSignatures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CommitmentSignatures_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CommitmentSignatures_CommitmentTexts_CommitmentTextId",
                        column: x => x.CommitmentTextId,
                        principalTable: "CommitmentTexts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CommitmentSignatures_PostAssignments_PostAssignmentId",
                        column: x => x.PostAssignmentId,
                        principalTable: "PostAssignments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PostAssignmentEvents",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PostAssignmentId = table.Column<int>(type: "integer", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Details = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PostAssignmentEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PostAssignmentEvents_PostAssignments_PostAssignmentId",
                        column: x => x.PostAssignmentId,
                        principalTable: "PostAssignments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TrainingAssignments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Reason = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CourseId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ExamId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AssignedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    PostAssignmentId = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainingAssignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TrainingAssignments_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_TrainingAssignments_ExamBlueprints_ExamId",
                        column: x => x.ExamId,
                        principalTable: "ExamBlueprints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_TrainingAssignments_PostAssignments_PostAssignmentId",
                        column: x => x.PostAssignmentId,
                        principalTable: "PostAssignments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CommitmentSignatures_CommitmentTextId",
                table: "CommitmentSignatures",
                column: "CommitmentTextId");

            migrationBuilder.CreateIndex(
                name: "IX_CommitmentSignatures_PostAssignmentId",
                table: "CommitmentSignatures",
                column: "PostAssignmentId");

            migrationBuilder.CreateIndex(
                name: "IX_CommitmentSignatures_UserId_Kind",
                table: "CommitmentSignatures",
                columns: new[] { "UserId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_PostAssignmentEvents_PostAssignmentId",
                table: "PostAssignmentEvents",
                column: "PostAssignmentId");

            migrationBuilder.CreateIndex(
                name: "IX_PostAssignments_PersonId_State",
                table: "PostAssignments",
                columns: new[] { "PersonId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_PostAssignments_PostId_State",
                table: "PostAssignments",
                columns: new[] { "PostId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_TrainingAssignments_DueAt",
                table: "TrainingAssignments",
                column: "DueAt");

            migrationBuilder.CreateIndex(
                name: "IX_TrainingAssignments_ExamId",
                table: "TrainingAssignments",
                column: "ExamId");

            migrationBuilder.CreateIndex(
                name: "IX_TrainingAssignments_PostAssignmentId",
                table: "TrainingAssignments",
                column: "PostAssignmentId");

            migrationBuilder.CreateIndex(
                name: "IX_TrainingAssignments_UserId_CompletedAt",
                table: "TrainingAssignments",
                columns: new[] { "UserId", "CompletedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CommitmentSignatures");

            migrationBuilder.DropTable(
                name: "PostAssignmentEvents");

            migrationBuilder.DropTable(
                name: "TrainingAssignments");

            migrationBuilder.DropTable(
                name: "PostAssignments");

            migrationBuilder.DropColumn(
                name: "Renews",
                table: "CertificationTypes");

            migrationBuilder.DropColumn(
                name: "RevocationReason",
                table: "Certifications");

            migrationBuilder.DropColumn(
                name: "RevokedAt",
                table: "Certifications");

            migrationBuilder.DropColumn(
                name: "RevokedBy",
                table: "Certifications");

            migrationBuilder.DropColumn(
                name: "ScorePercent",
                table: "Certifications");

            migrationBuilder.DropColumn(
                name: "VerificationCode",
                table: "Certifications");
        }
    }
}
