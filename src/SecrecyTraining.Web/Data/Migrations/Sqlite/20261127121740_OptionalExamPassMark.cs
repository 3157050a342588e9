using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecrecyTraining.Web.Data.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: true,
                oldClrType: typeof(int),
                oldType: "INTEGER");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<int>(
                name: "PassMarkPercent",
                table: "ExamBlueprints",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0,
                oldClrType: typeof(int),
                oldType: "INTEGER",
                oldNullable: true);
        }
    }
}
