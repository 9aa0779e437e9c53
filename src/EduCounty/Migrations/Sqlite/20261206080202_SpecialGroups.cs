using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EduCounty.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SpecialGroups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "HomeTeachingPlans",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StudentId = table.Column<int>(type: "INTEGER", nullable: false),
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Teacher = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ContentCipher = table.Column<byte[]>(type: "BLOB", nullable: true),
                    PlannedVisits = table.Column<int>(type: "INTEGER", nullable: false),
                    PlannedHours = table.Column<decimal>(type: "TEXT", precision: 7, scale: 1, nullable: false),
                    CreatedOn = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HomeTeachingPlans", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HomeTeachingPlans_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_HomeTeachingPlans_Students_StudentId",
                        column: x => x.StudentId,
                        principalTable: "Students",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LeftBehindCares",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StudentId = table.Column<int>(type: "INTEGER", nullable: false),
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    ContactTeacher = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AssignedOn = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LeftBehindCares", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LeftBehindCares_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LeftBehindCares_Students_StudentId",
                        column: x => x.StudentId,
                        principalTable: "Students",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ResourceRooms",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    HasRoom = table.Column<bool>(type: "INTEGER", nullable: false),
                    Area = table.Column<decimal>(type: "TEXT", precision: 8, scale: 1, nullable: true),
                    YearBuilt = table.Column<int>(type: "INTEGER", nullable: true),
                    TeacherKind = table.Column<int>(type: "INTEGER", nullable: false),
                    Teacher = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    UpdatedOn = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResourceRooms", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ResourceRooms_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "HomeTeachingVisits",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PlanId = table.Column<int>(type: "INTEGER", nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Hours = table.Column<decimal>(type: "TEXT", precision: 5, scale: 1, nullable: false),
                    ContentCipher = table.Column<byte[]>(type: "BLOB", nullable: true),
                    Teacher = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HomeTeachingVisits", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HomeTeachingVisits_HomeTeachingPlans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "HomeTeachingPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CareRecords",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CareId = table.Column<int>(type: "INTEGER", nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    NoteCipher = table.Column<byte[]>(type: "BLOB", nullable: true),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CareRecords", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CareRecords_LeftBehindCares_CareId",
                        column: x => x.CareId,
                        principalTable: "LeftBehindCares",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CareRecords_CareId_Date",
                table: "CareRecords",
                columns: new[] { "CareId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_HomeTeachingPlans_SchoolId_Year",
                table: "HomeTeachingPlans",
                columns: new[] { "SchoolId", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_HomeTeachingPlans_StudentId_Year",
                table: "HomeTeachingPlans",
                columns: new[] { "StudentId", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_HomeTeachingVisits_PlanId_Date",
                table: "HomeTeachingVisits",
                columns: new[] { "PlanId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_LeftBehindCares_SchoolId",
                table: "LeftBehindCares",
                column: "SchoolId");

            migrationBuilder.CreateIndex(
                name: "IX_LeftBehindCares_StudentId",
                table: "LeftBehindCares",
                column: "StudentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ResourceRooms_SchoolId",
                table: "ResourceRooms",
                column: "SchoolId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CareRecords");

            migrationBuilder.DropTable(
                name: "HomeTeachingVisits");

            migrationBuilder.DropTable(
                name: "ResourceRooms");

            migrationBuilder.DropTable(
                name: "LeftBehindCares");

            migrationBuilder.DropTable(
                name: "HomeTeachingPlans");
        }
    }
}
