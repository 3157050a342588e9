using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecrecyTraining.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CalendarCyclesAndGrace : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Cycle",
                table: "PostLevelPolicies",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "DueMonthDay",
                table: "PostLevelPolicies",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "GraceDays",
                table: "PostLevelPolicies",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Cycle",
                table: "PostLevelPolicies");

            migrationBuilder.DropColumn(
                name: "DueMonthDay",
                table: "PostLevelPolicies");

            migrationBuilder.DropColumn(
                name: "GraceDays",
                table: "PostLevelPolicies");
        }
    }
}
