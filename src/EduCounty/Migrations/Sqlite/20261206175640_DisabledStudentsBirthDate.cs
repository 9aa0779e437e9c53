using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EduCounty.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DisabledStudentsBirthDate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Students_Disabled",
                table: "Students");

            migrationBuilder.CreateIndex(
                name: "IX_Students_Disabled",
                table: "Students",
                columns: new[] { "Id", "BirthDate" },
                filter: "\"Disabled\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Students_Disabled",
                table: "Students");

            migrationBuilder.CreateIndex(
                name: "IX_Students_Disabled",
                table: "Students",
                column: "Id",
                filter: "\"Disabled\"");
        }
    }
}
