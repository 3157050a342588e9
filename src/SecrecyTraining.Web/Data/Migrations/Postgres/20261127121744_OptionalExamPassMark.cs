using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecrecyTraining.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OptionalExamPassMark : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<int>(
                name: "PassMarkPercent",
                table: "ExamBlueprints",
                type: "integer",
                nullable: true,
                oldClrType: typeof(int),
                oldType: "integer");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<int>(
                name: "PassMarkPercent",
                table: "ExamBlueprints",
                type: "integer",
                nullable: false,
                defaultValue: 0,
                oldClrType: typeof(int),
                oldType: "integer",
                oldNullable: true);
        }
    }
}
