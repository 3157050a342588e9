using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecrecyTraining.Web.Data.Migrations.SqlServer
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
                type: "int",
                nullable: true,
                oldClrType: typeof(int),
                oldType: "int");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<int>(
                name: "PassMarkPercent",
                table: "ExamBlueprints",
                type: "int",
                nullable: false,
                defaultValue: 0,
                oldClrType: typeof(int),
                oldType: "int",
                oldNullable: true);
        }
    }
}
