using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EduCounty.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TeacherImports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "TrainingImports",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "Training");

            migrationBuilder.AddColumn<int>(
                name: "ImportId",
                table: "TeacherRotations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ImportId",
                table: "TeacherQualifications",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ImportId",
                table: "KeyTeacherTitles",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "TeacherTitleAppointments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StaffId = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<int>(type: "INTEGER", nullable: false),
                    AppointedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ImportId = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TeacherTitleAppointments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TeacherTitleAppointments_Staff_StaffId",
                        column: x => x.StaffId,
                        principalTable: "Staff",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_TeacherTitleAppointments_TrainingImports_ImportId",
                        column: x => x.ImportId,
                        principalTable: "TrainingImports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TeacherRotations_ImportId",
                table: "TeacherRotations",
                column: "ImportId");

            migrationBuilder.CreateIndex(
                name: "IX_TeacherQualifications_ImportId",
                table: "TeacherQualifications",
                column: "ImportId");

            migrationBuilder.CreateIndex(
                name: "IX_KeyTeacherTitles_ImportId",
                table: "KeyTeacherTitles",
                column: "ImportId");

            migrationBuilder.CreateIndex(
                name: "IX_TeacherTitleAppointments_ImportId",
                table: "TeacherTitleAppointments",
                column: "ImportId");

            migrationBuilder.CreateIndex(
                name: "IX_TeacherTitleAppointments_StaffId_AppointedOn",
                table: "TeacherTitleAppointments",
                columns: new[] { "StaffId", "AppointedOn" });

            migrationBuilder.AddForeignKey(
                name: "FK_KeyTeacherTitles_TrainingImports_ImportId",
                table: "KeyTeacherTitles",
                column: "ImportId",
                principalTable: "TrainingImports",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "FK_TeacherQualifications_TrainingImports_ImportId",
                table: "TeacherQualifications",
                column: "ImportId",
                principalTable: "TrainingImports",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "FK_TeacherRotations_TrainingImports_ImportId",
                table: "TeacherRotations",
                column: "ImportId",
                principalTable: "TrainingImports",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_KeyTeacherTitles_TrainingImports_ImportId",
                table: "KeyTeacherTitles");

            migrationBuilder.DropForeignKey(
                name: "FK_TeacherQualifications_TrainingImports_ImportId",
                table: "TeacherQualifications");

            migrationBuilder.DropForeignKey(
                name: "FK_TeacherRotations_TrainingImports_ImportId",
                table: "TeacherRotations");

            migrationBuilder.DropTable(
                name: "TeacherTitleAppointments");

            migrationBuilder.DropIndex(
                name: "IX_TeacherRotations_ImportId",
                table: "TeacherRotations");

            migrationBuilder.DropIndex(
                name: "IX_TeacherQualifications_ImportId",
                table: "TeacherQualifications");

            migrationBuilder.DropIndex(
                name: "IX_KeyTeacherTitles_ImportId",
                table: "KeyTeacherTitles");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "TrainingImports");

            migrationBuilder.DropColumn(
                name: "ImportId",
                table: "TeacherRotations");

            migrationBuilder.DropColumn(
                name: "ImportId",
                table: "TeacherQualifications");

            migrationBuilder.DropColumn(
                name: "ImportId",
                table: "KeyTeacherTitles");
        }
    }
}
