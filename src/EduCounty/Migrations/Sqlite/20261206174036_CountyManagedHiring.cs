using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EduCounty.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CountyManagedHiring : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "HiringPosts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Posts = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HiringPosts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HiringPosts_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "HiringResults",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StaffId = table.Column<int>(type: "INTEGER", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<int>(type: "INTEGER", nullable: false),
                    ToSchoolId = table.Column<int>(type: "INTEGER", nullable: true),
                    DecidedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    MovedPost = table.Column<bool>(type: "INTEGER", nullable: false),
                    ImportId = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HiringResults", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HiringResults_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_HiringResults_Schools_ToSchoolId",
                        column: x => x.ToSchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_HiringResults_Staff_StaffId",
                        column: x => x.StaffId,
                        principalTable: "Staff",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_HiringResults_TrainingImports_ImportId",
                        column: x => x.ImportId,
                        principalTable: "TrainingImports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_HiringPosts_SchoolId_Year",
                table: "HiringPosts",
                columns: new[] { "SchoolId", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_HiringResults_ImportId",
                table: "HiringResults",
                column: "ImportId");

            migrationBuilder.CreateIndex(
                name: "IX_HiringResults_SchoolId",
                table: "HiringResults",
                column: "SchoolId");

            migrationBuilder.CreateIndex(
                name: "IX_HiringResults_StaffId_Year",
                table: "HiringResults",
                columns: new[] { "StaffId", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_HiringResults_ToSchoolId",
                table: "HiringResults",
                column: "ToSchoolId");

            migrationBuilder.CreateIndex(
                name: "IX_HiringResults_Year_SchoolId",
                table: "HiringResults",
                columns: new[] { "Year", "SchoolId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HiringPosts");

            migrationBuilder.DropTable(
                name: "HiringResults");
        }
    }
}
