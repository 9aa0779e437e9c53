using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace EduCounty.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Fitness : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FitnessTests",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StudentId = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    Grade = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    ClassId = table.Column<int>(type: "integer", nullable: true),
                    Sex = table.Column<int>(type: "integer", nullable: false),
                    TestedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    HeightCm = table.Column<double>(type: "double precision", nullable: true),
                    WeightKg = table.Column<double>(type: "double precision", nullable: true),
                    VitalCapacity = table.Column<double>(type: "double precision", nullable: true),
                    Run50m = table.Column<double>(type: "double precision", nullable: true),
                    SitAndReach = table.Column<double>(type: "double precision", nullable: true),
                    RopeSkip1Min = table.Column<double>(type: "double precision", nullable: true),
                    SitUps1Min = table.Column<double>(type: "double precision", nullable: true),
                    Shuttle50x8 = table.Column<double>(type: "double precision", nullable: true),
                    StandingLongJump = table.Column<double>(type: "double precision", nullable: true),
                    PullUps = table.Column<double>(type: "double precision", nullable: true),
                    Run800m = table.Column<double>(type: "double precision", nullable: true),
                    Run1000m = table.Column<double>(type: "double precision", nullable: true),
                    Bmi = table.Column<double>(type: "double precision", nullable: false),
                    StandardScore = table.Column<double>(type: "double precision", nullable: false),
                    BonusScore = table.Column<double>(type: "double precision", nullable: false),
                    TotalScore = table.Column<double>(type: "double precision", nullable: false),
                    Rating = table.Column<int>(type: "integer", nullable: false),
                    Provenance = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FitnessTests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FitnessTests_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_FitnessTests_Students_StudentId",
                        column: x => x.StudentId,
                        principalTable: "Students",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "VisionScreenings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StudentId = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    Grade = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    ClassId = table.Column<int>(type: "integer", nullable: true),
                    Sex = table.Column<int>(type: "integer", nullable: false),
                    ScreenedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    UncorrectedLeft = table.Column<double>(type: "double precision", nullable: false),
                    UncorrectedRight = table.Column<double>(type: "double precision", nullable: false),
                    SphericalEquivalentLeft = table.Column<double>(type: "double precision", nullable: true),
                    SphericalEquivalentRight = table.Column<double>(type: "double precision", nullable: true),
                    Myopia = table.Column<bool>(type: "boolean", nullable: false),
                    Source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VisionScreenings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VisionScreenings_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_VisionScreenings_Students_StudentId",
                        column: x => x.StudentId,
                        principalTable: "Students",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FitnessTests_SchoolId",
                table: "FitnessTests",
                column: "SchoolId");

            migrationBuilder.CreateIndex(
                name: "IX_FitnessTests_StudentId_Year",
                table: "FitnessTests",
                columns: new[] { "StudentId", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FitnessTests_Year_SchoolId_Grade",
                table: "FitnessTests",
                columns: new[] { "Year", "SchoolId", "Grade" });

            migrationBuilder.CreateIndex(
                name: "IX_VisionScreenings_SchoolId",
                table: "VisionScreenings",
                column: "SchoolId");

            migrationBuilder.CreateIndex(
                name: "IX_VisionScreenings_StudentId_Year",
                table: "VisionScreenings",
                columns: new[] { "StudentId", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_VisionScreenings_Year_SchoolId_Grade",
                table: "VisionScreenings",
                columns: new[] { "Year", "SchoolId", "Grade" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FitnessTests");

            migrationBuilder.DropTable(
                name: "VisionScreenings");
        }
    }
}
