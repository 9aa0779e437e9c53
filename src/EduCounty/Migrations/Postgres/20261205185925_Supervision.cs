using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace EduCounty.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Supervision : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SafetyFacilities",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    Code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Since = table.Column<DateOnly>(type: "date", nullable: true),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    RecordedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RecordedOn = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SafetyFacilities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SafetyFacilities_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SafetyHazards",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    Location = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Category = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    FoundBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    FoundOn = table.Column<DateOnly>(type: "date", nullable: false),
                    InspectionKind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ReportedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CampaignId = table.Column<int>(type: "integer", nullable: true),
                    Grade = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    RiskLevel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    ResponsibleUnit = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ResponsiblePerson = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Measures = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    DueDate = table.Column<DateOnly>(type: "date", nullable: true),
                    FundsWan = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    EmergencyPlan = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    InterimMeasures = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Supervised = table.Column<bool>(type: "boolean", nullable: false),
                    SupervisingUnit = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    SupervisionDocument = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    State = table.Column<int>(type: "integer", nullable: false),
                    VerifiedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    VerifiedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ClosedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ClosedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ClosedAs = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Rejections = table.Column<int>(type: "integer", nullable: false),
                    Log = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SafetyHazards", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SafetyHazards_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SafetyInspectionReports",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Month = table.Column<int>(type: "integer", nullable: false),
                    InspectedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Checks = table.Column<int>(type: "integer", nullable: false),
                    HazardsFound = table.Column<int>(type: "integer", nullable: false),
                    Summary = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    SubmittedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    SubmittedOn = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SafetyInspectionReports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SafetyInspectionReports_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SchoolSupervisors",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Contact = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    CertificateNumber = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    AppointedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SchoolSupervisors", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StoredFiles",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    Owner = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    OwnerId = table.Column<int>(type: "integer", nullable: false),
                    Purpose = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    FileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    SizeBytes = table.Column<long>(type: "bigint", nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UploadedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    UploadedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StoredFiles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SupervisionCampaigns",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Checklist = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    StartsOn = table.Column<DateOnly>(type: "date", nullable: false),
                    EndsOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupervisionCampaigns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "VisitDrafts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    DraftKey = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    FormJson = table.Column<string>(type: "character varying(65536)", maxLength: 65536, nullable: false),
                    SavedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VisitDrafts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StoredFileContents",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Bytes = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StoredFileContents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StoredFileContents_StoredFiles_Id",
                        column: x => x.Id,
                        principalTable: "StoredFiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SupervisionCampaignSchools",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CampaignId = table.Column<int>(type: "integer", nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupervisionCampaignSchools", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SupervisionCampaignSchools_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SupervisionCampaignSchools_SupervisionCampaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "SupervisionCampaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SupervisionVisits",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    SupervisorUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    SupervisorName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    CampaignId = table.Column<int>(type: "integer", nullable: true),
                    Checklist = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    VisitDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Hours = table.Column<decimal>(type: "numeric(5,1)", precision: 5, scale: 1, nullable: false),
                    Methods = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Situation = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Feedback = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    NoticeNumber = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ClientKey = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupervisionVisits", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SupervisionVisits_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SupervisionVisits_SupervisionCampaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "SupervisionCampaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SupervisionChecks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    VisitId = table.Column<int>(type: "integer", nullable: false),
                    Code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Result = table.Column<int>(type: "integer", nullable: false),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupervisionChecks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SupervisionChecks_SupervisionVisits_VisitId",
                        column: x => x.VisitId,
                        principalTable: "SupervisionVisits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SupervisionFindings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    VisitId = table.Column<int>(type: "integer", nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    Item = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Grade = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    FoundOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    Measures = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    ReportedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ReportedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ReviewedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ReviewedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Conclusion = table.Column<int>(type: "integer", nullable: true),
                    Reviews = table.Column<int>(type: "integer", nullable: false),
                    ClosedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    HazardId = table.Column<int>(type: "integer", nullable: true),
                    Log = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupervisionFindings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SupervisionFindings_SupervisionVisits_VisitId",
                        column: x => x.VisitId,
                        principalTable: "SupervisionVisits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SafetyFacilities_SchoolId_Code",
                table: "SafetyFacilities",
                columns: new[] { "SchoolId", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SafetyHazards_FoundOn",
                table: "SafetyHazards",
                column: "FoundOn");

            migrationBuilder.CreateIndex(
                name: "IX_SafetyHazards_SchoolId_State",
                table: "SafetyHazards",
                columns: new[] { "SchoolId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_SafetyInspectionReports_SchoolId_Year_Month",
                table: "SafetyInspectionReports",
                columns: new[] { "SchoolId", "Year", "Month" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SchoolSupervisors_UserId",
                table: "SchoolSupervisors",
                column: "UserId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StoredFiles_Owner_OwnerId",
                table: "StoredFiles",
                columns: new[] { "Owner", "OwnerId" });

            migrationBuilder.CreateIndex(
                name: "IX_StoredFiles_SchoolId",
                table: "StoredFiles",
                column: "SchoolId");

            migrationBuilder.CreateIndex(
                name: "IX_SupervisionCampaignSchools_CampaignId_SchoolId",
                table: "SupervisionCampaignSchools",
                columns: new[] { "CampaignId", "SchoolId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SupervisionCampaignSchools_SchoolId",
                table: "SupervisionCampaignSchools",
                column: "SchoolId");

            migrationBuilder.CreateIndex(
                name: "IX_SupervisionChecks_VisitId",
                table: "SupervisionChecks",
                column: "VisitId");

            migrationBuilder.CreateIndex(
                name: "IX_SupervisionFindings_SchoolId_State",
                table: "SupervisionFindings",
                columns: new[] { "SchoolId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_SupervisionFindings_VisitId",
                table: "SupervisionFindings",
                column: "VisitId");

            migrationBuilder.CreateIndex(
                name: "IX_SupervisionVisits_CampaignId",
                table: "SupervisionVisits",
                column: "CampaignId");

            migrationBuilder.CreateIndex(
                name: "IX_SupervisionVisits_ClientKey",
                table: "SupervisionVisits",
                column: "ClientKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SupervisionVisits_SchoolId_VisitDate",
                table: "SupervisionVisits",
                columns: new[] { "SchoolId", "VisitDate" });

            migrationBuilder.CreateIndex(
                name: "IX_VisitDrafts_UserId_DraftKey",
                table: "VisitDrafts",
                columns: new[] { "UserId", "DraftKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SafetyFacilities");

            migrationBuilder.DropTable(
                name: "SafetyHazards");

            migrationBuilder.DropTable(
                name: "SafetyInspectionReports");

            migrationBuilder.DropTable(
                name: "SchoolSupervisors");

            migrationBuilder.DropTable(
                name: "StoredFileContents");

            migrationBuilder.DropTable(
                name: "SupervisionCampaignSchools");

            migrationBuilder.DropTable(
                name: "SupervisionChecks");

            migrationBuilder.DropTable(
                name: "SupervisionFindings");

            migrationBuilder.DropTable(
                name: "VisitDrafts");

            migrationBuilder.DropTable(
                name: "StoredFiles");

            migrationBuilder.DropTable(
                name: "SupervisionVisits");

            migrationBuilder.DropTable(
                name: "SupervisionCampaigns");
        }
    }
}
