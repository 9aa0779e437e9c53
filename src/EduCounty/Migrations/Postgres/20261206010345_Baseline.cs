using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace EduCounty.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Baseline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AgePopulations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DivisionCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Age = table.Column<int>(type: "integer", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgePopulations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoles",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUsers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    DisplayName = table.Column<string>(type: "text", nullable: false),
                    MustChangePassword = table.Column<bool>(type: "boolean", nullable: false),
                    PasswordChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FirstFailureAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastTotpStep = table.Column<long>(type: "bigint", nullable: true),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedUserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    EmailConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: true),
                    SecurityStamp = table.Column<string>(type: "text", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true),
                    PhoneNumber = table.Column<string>(type: "text", nullable: true),
                    PhoneNumberConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    LockoutEnd = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AuditCheckpoints",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastEntryId = table.Column<long>(type: "bigint", nullable: false),
                    LastHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Mac = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditCheckpoints", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UserName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Action = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Entity = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    EntityId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Changes = table.Column<string>(type: "text", nullable: true),
                    Detail = table.Column<string>(type: "text", nullable: true),
                    PreviousHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BalanceAssessments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CountyCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Code = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Met = table.Column<bool>(type: "boolean", nullable: false),
                    Evidence = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Attachment = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: true),
                    RecordedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BalanceAssessments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Births",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DivisionCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Source = table.Column<int>(type: "integer", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Births", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Classes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Grade = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Headcount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Classes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataVersions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataVersions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Divisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Code = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    ParentCode = table.Column<string>(type: "text", nullable: true),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: true),
                    ValidTo = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Divisions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "EducationGroups",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CountyCode = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EducationGroups", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Facilities",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    LandM2 = table.Column<double>(type: "double precision", nullable: false),
                    BuildingM2 = table.Column<double>(type: "double precision", nullable: false),
                    TeachingAreaM2 = table.Column<double>(type: "double precision", nullable: false),
                    IndoorSportsM2 = table.Column<double>(type: "double precision", nullable: false),
                    AdministrativeM2 = table.Column<double>(type: "double precision", nullable: false),
                    LivingM2 = table.Column<double>(type: "double precision", nullable: false),
                    SportsAreaM2 = table.Column<double>(type: "double precision", nullable: false),
                    EquipmentValueYuan = table.Column<double>(type: "double precision", nullable: false),
                    MultimediaClassrooms = table.Column<int>(type: "integer", nullable: false),
                    Computers = table.Column<int>(type: "integer", nullable: false),
                    Books = table.Column<int>(type: "integer", nullable: false),
                    MusicRooms = table.Column<int>(type: "integer", nullable: false),
                    MusicRoomsM2 = table.Column<double>(type: "double precision", nullable: false),
                    ArtRooms = table.Column<int>(type: "integer", nullable: false),
                    ArtRoomsM2 = table.Column<double>(type: "double precision", nullable: false),
                    BandwidthMbps = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Facilities", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Finances",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    PublicFundsYuan = table.Column<double>(type: "double precision", nullable: false),
                    TeacherTrainingYuan = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Finances", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "GradeEnrolments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Grade = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    Sex = table.Column<int>(type: "integer", nullable: false),
                    Students = table.Column<int>(type: "integer", nullable: false),
                    NewEntrants = table.Column<int>(type: "integer", nullable: false),
                    FreshGraduateEntrants = table.Column<int>(type: "integer", nullable: true),
                    Graduates = table.Column<int>(type: "integer", nullable: true),
                    Classes = table.Column<int>(type: "integer", nullable: true),
                    Source = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GradeEnrolments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ImportBatches",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    FileName = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UserName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Rows = table.Column<int>(type: "integer", nullable: false),
                    Created = table.Column<int>(type: "integer", nullable: false),
                    Updated = table.Column<int>(type: "integer", nullable: false),
                    Unchanged = table.Column<int>(type: "integer", nullable: false),
                    Errors = table.Column<int>(type: "integer", nullable: false),
                    Warnings = table.Column<int>(type: "integer", nullable: false),
                    ValidOnly = table.Column<bool>(type: "boolean", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: true),
                    Entity = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    FirstCreatedId = table.Column<int>(type: "integer", nullable: true),
                    LastCreatedId = table.Column<int>(type: "integer", nullable: true),
                    LastAuditId = table.Column<long>(type: "bigint", nullable: false),
                    RolledBackAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RolledBackBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportBatches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ImportChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    BatchId = table.Column<int>(type: "integer", nullable: false),
                    Entity = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    EntityId = table.Column<int>(type: "integer", nullable: false),
                    OldValues = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportChanges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IssueLedger",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PlanCode = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Problem = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Source = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    IndicatorCode = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: true),
                    TaskNumber = table.Column<int>(type: "integer", nullable: true),
                    ResponsibleUnit = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ResponsiblePerson = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    Measures = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Situation = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    State = table.Column<int>(type: "integer", nullable: false),
                    ClosedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ClosedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Reopened = table.Column<int>(type: "integer", nullable: false),
                    RegisteredOn = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IssueLedger", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PlanTasks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PlanCode = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Section = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Text = table.Column<string>(type: "text", nullable: false),
                    ResponsibleUnits = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Deadline = table.Column<DateOnly>(type: "date", nullable: true),
                    State = table.Column<int>(type: "integer", nullable: false),
                    ProgressPercent = table.Column<int>(type: "integer", nullable: false),
                    StartedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    CompletedOn = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanTasks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PlanYearFreezes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PlanCode = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    DivisionCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    FrozenBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    FrozenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ProgressJson = table.Column<string>(type: "text", nullable: true),
                    DataVersions = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanYearFreezes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReportingPeriods",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Form = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    OpenedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    LockedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LockedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportingPeriods", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SatisfactionSurveys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CountyCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Group = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Respondents = table.Column<int>(type: "integer", nullable: false),
                    Satisfied = table.Column<int>(type: "integer", nullable: false),
                    Source = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SatisfactionSurveys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SchoolAffiliations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    ParentSchoolId = table.Column<int>(type: "integer", nullable: true),
                    EducationGroupId = table.Column<int>(type: "integer", nullable: true),
                    EffectiveFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    EffectiveTo = table.Column<DateOnly>(type: "date", nullable: true),
                    Reason = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SchoolAffiliations", x => x.Id);
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
                name: "SecurityPolicies",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    PasswordMaxAgeDays = table.Column<int>(type: "integer", nullable: false),
                    LockoutThreshold = table.Column<int>(type: "integer", nullable: false),
                    LockoutMinutes = table.Column<int>(type: "integer", nullable: false),
                    IdNumberRevealRoles = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    SensitiveAttributeRoles = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    SessionAbsoluteHours = table.Column<int>(type: "integer", nullable: false),
                    MaxConcurrentSessions = table.Column<int>(type: "integer", nullable: false),
                    UnmaskedExportRowsPerDay = table.Column<int>(type: "integer", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SecurityPolicies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SignInEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Result = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Ip = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    UserAgent = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignInEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StaffYears",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StaffId = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    PostType = table.Column<int>(type: "integer", nullable: false),
                    Establishment = table.Column<int>(type: "integer", nullable: false),
                    StageTaught = table.Column<int>(type: "integer", nullable: true),
                    Subjects = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Degree = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<int>(type: "integer", nullable: false),
                    KeyTeacherLevel = table.Column<int>(type: "integer", nullable: true),
                    DualQualified = table.Column<bool>(type: "boolean", nullable: false),
                    MandarinLevel = table.Column<int>(type: "integer", nullable: true),
                    TeacherCertificate = table.Column<bool>(type: "boolean", nullable: false),
                    MandarinMeetsStandard = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StaffYears", x => x.Id);
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
                name: "StudentYears",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StudentId = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    Grade = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    ClassId = table.Column<int>(type: "integer", nullable: true),
                    NewEntrant = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StudentYears", x => x.Id);
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
                name: "TrainingImports",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FileName = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    ImportedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ImportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Rows = table.Column<int>(type: "integer", nullable: false),
                    Inserted = table.Column<int>(type: "integer", nullable: false),
                    Unchanged = table.Column<int>(type: "integer", nullable: false),
                    RolledBackBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    RolledBackAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainingImports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "UnmaskedExports",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    List = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Rows = table.Column<int>(type: "integer", nullable: false),
                    Purpose = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UnmaskedExports", x => x.Id);
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
                name: "YearlyStatistics",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DivisionCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Key = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Value = table.Column<double>(type: "double precision", nullable: false),
                    Source = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_YearlyStatistics", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoleClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoleId = table.Column<string>(type: "text", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    ProviderKey = table.Column<string>(type: "text", nullable: false),
                    ProviderDisplayName = table.Column<string>(type: "text", nullable: true),
                    UserId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserRoles",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false),
                    RoleId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false),
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PasswordHistory",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PasswordHistory", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PasswordHistory_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "UserScopes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    DivisionCode = table.Column<string>(type: "text", nullable: true),
                    SchoolId = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UserScopes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UserScopes_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "UserSessions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EndedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    EndReason = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Ip = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UserSessions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UserSessions_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Schools",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Type = table.Column<int>(type: "integer", nullable: false),
                    Ownership = table.Column<int>(type: "integer", nullable: false),
                    Inclusive = table.Column<bool>(type: "boolean", nullable: true),
                    Locality = table.Column<int>(type: "integer", nullable: false),
                    CountyCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    TownshipCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    EducationGroupId = table.Column<int>(type: "integer", nullable: true),
                    ParentSchoolId = table.Column<int>(type: "integer", nullable: true),
                    IsTeachingPoint = table.Column<bool>(type: "boolean", nullable: false),
                    Boarding = table.Column<bool>(type: "boolean", nullable: false),
                    NationalLanguage = table.Column<bool>(type: "boolean", nullable: true),
                    DigitalCampusYear = table.Column<int>(type: "integer", nullable: true),
                    OpenedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ClosedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Address = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Schools", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Schools_EducationGroups_EducationGroupId",
                        column: x => x.EducationGroupId,
                        principalTable: "EducationGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Schools_Schools_ParentSchoolId",
                        column: x => x.ParentSchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PlanTaskMilestones",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TaskId = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Done = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanTaskMilestones", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlanTaskMilestones_PlanTasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "PlanTasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FrozenIndicatorValues",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FreezeId = table.Column<int>(type: "integer", nullable: false),
                    IndicatorCode = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Numerator = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: true),
                    Denominator = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: true),
                    Value = table.Column<decimal>(type: "numeric(28,12)", precision: 28, scale: 12, nullable: true),
                    RoundedValue = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: true),
                    Expression = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    AsOf = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    MissingReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    StatusReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    PathValue = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: true),
                    Projection = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: true),
                    ProjectionMethod = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    InputsJson = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FrozenIndicatorValues", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FrozenIndicatorValues_PlanYearFreezes_FreezeId",
                        column: x => x.FreezeId,
                        principalTable: "PlanYearFreezes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PeriodEvents",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PeriodId = table.Column<int>(type: "integer", nullable: false),
                    Action = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Actor = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PeriodEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PeriodEvents_ReportingPeriods_PeriodId",
                        column: x => x.PeriodId,
                        principalTable: "ReportingPeriods",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
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
                name: "HousingProjects",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    DivisionCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: true),
                    Households = table.Column<int>(type: "integer", nullable: false),
                    CompletionYear = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HousingProjects", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HousingProjects_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PeriodSubmissions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PeriodId = table.Column<int>(type: "integer", nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PeriodSubmissions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PeriodSubmissions_ReportingPeriods_PeriodId",
                        column: x => x.PeriodId,
                        principalTable: "ReportingPeriods",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PeriodSubmissions_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PlanProjects",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PlanCode = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Code = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    BoxNumber = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: true),
                    Schools = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: true),
                    AreaM2 = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    InvestmentWan = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    SpentWan = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    NewSeats = table.Column<int>(type: "integer", nullable: true),
                    SeatsDelivered = table.Column<int>(type: "integer", nullable: false),
                    Deadline = table.Column<DateOnly>(type: "date", nullable: true),
                    State = table.Column<int>(type: "integer", nullable: false),
                    ProgressPercent = table.Column<int>(type: "integer", nullable: false),
                    StartedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    CompletedOn = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanProjects", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlanProjects_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

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
                name: "Staff",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StaffNumber = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    IdNumberCipher = table.Column<byte[]>(type: "bytea", nullable: true),
                    IdNumberHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    PhoneCipher = table.Column<byte[]>(type: "bytea", nullable: true),
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Sex = table.Column<int>(type: "integer", nullable: false),
                    BirthDate = table.Column<DateOnly>(type: "date", nullable: false),
                    EthnicityCode = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    PostType = table.Column<int>(type: "integer", nullable: false),
                    Establishment = table.Column<int>(type: "integer", nullable: false),
                    Subjects = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    StageTaught = table.Column<int>(type: "integer", nullable: true),
                    Degree = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<int>(type: "integer", nullable: false),
                    KeyTeacherLevel = table.Column<int>(type: "integer", nullable: true),
                    KeyTeacherYear = table.Column<int>(type: "integer", nullable: true),
                    DualQualified = table.Column<bool>(type: "boolean", nullable: false),
                    MandarinLevel = table.Column<int>(type: "integer", nullable: true),
                    TeacherCertificate = table.Column<bool>(type: "boolean", nullable: false),
                    HireDate = table.Column<DateOnly>(type: "date", nullable: false),
                    LeftOn = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Staff", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Staff_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Students",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StudentNumber = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    StudentNumberHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    StudentNumberCipher = table.Column<byte[]>(type: "bytea", nullable: true),
                    IdNumberCipher = table.Column<byte[]>(type: "bytea", nullable: true),
                    IdNumberHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Sex = table.Column<int>(type: "integer", nullable: false),
                    BirthDate = table.Column<DateOnly>(type: "date", nullable: false),
                    EthnicityCode = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Hukou = table.Column<int>(type: "integer", nullable: false),
                    MigrantChild = table.Column<bool>(type: "boolean", nullable: false),
                    LeftBehindChild = table.Column<bool>(type: "boolean", nullable: false),
                    Disabled = table.Column<bool>(type: "boolean", nullable: false),
                    DisabilityCipher = table.Column<byte[]>(type: "bytea", nullable: true),
                    HardshipCipher = table.Column<byte[]>(type: "bytea", nullable: true),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    Grade = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    ClassId = table.Column<int>(type: "integer", nullable: true),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    EnrolledOn = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Students", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Students_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
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
                name: "SubmissionSteps",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SubmissionId = table.Column<int>(type: "integer", nullable: false),
                    From = table.Column<int>(type: "integer", nullable: false),
                    To = table.Column<int>(type: "integer", nullable: false),
                    Actor = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Comment = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    FieldComments = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubmissionSteps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SubmissionSteps_PeriodSubmissions_SubmissionId",
                        column: x => x.SubmissionId,
                        principalTable: "PeriodSubmissions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PlanProgressUpdates",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TaskId = table.Column<int>(type: "integer", nullable: true),
                    ProjectId = table.Column<int>(type: "integer", nullable: true),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Author = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Percent = table.Column<int>(type: "integer", nullable: true),
                    SpentWan = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    SeatsDelivered = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanProgressUpdates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlanProgressUpdates_PlanProjects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "PlanProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PlanProgressUpdates_PlanTasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "PlanTasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PlanStateChanges",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TaskId = table.Column<int>(type: "integer", nullable: true),
                    ProjectId = table.Column<int>(type: "integer", nullable: true),
                    IssueId = table.Column<int>(type: "integer", nullable: true),
                    State = table.Column<int>(type: "integer", nullable: false),
                    On = table.Column<DateOnly>(type: "date", nullable: false),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanStateChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlanStateChanges_IssueLedger_IssueId",
                        column: x => x.IssueId,
                        principalTable: "IssueLedger",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PlanStateChanges_PlanProjects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "PlanProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PlanStateChanges_PlanTasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "PlanTasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DualQualifiedCertifications",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StaffId = table.Column<int>(type: "integer", nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    CertifiedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ValidUntil = table.Column<DateOnly>(type: "date", nullable: true),
                    Authority = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DualQualifiedCertifications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DualQualifiedCertifications_Staff_StaffId",
                        column: x => x.StaffId,
                        principalTable: "Staff",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "KeyTeacherTitles",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StaffId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    Subject = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    AwardedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    AwardedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ValidUntil = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KeyTeacherTitles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_KeyTeacherTitles_Staff_StaffId",
                        column: x => x.StaffId,
                        principalTable: "Staff",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RotationExemptions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StaffId = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Note = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RotationExemptions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RotationExemptions_Staff_StaffId",
                        column: x => x.StaffId,
                        principalTable: "Staff",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StaffAssignments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StaffId = table.Column<int>(type: "integer", nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    From = table.Column<DateOnly>(type: "date", nullable: false),
                    To = table.Column<DateOnly>(type: "date", nullable: true),
                    Reason = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StaffAssignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StaffAssignments_Staff_StaffId",
                        column: x => x.StaffId,
                        principalTable: "Staff",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TeacherQualifications",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StaffId = table.Column<int>(type: "integer", nullable: false),
                    Type = table.Column<int>(type: "integer", nullable: false),
                    Subject = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    CertificateNumber = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    IssuedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    IssuedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TeacherQualifications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TeacherQualifications_Staff_StaffId",
                        column: x => x.StaffId,
                        principalTable: "Staff",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TeacherRotations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StaffId = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    FromSchoolId = table.Column<int>(type: "integer", nullable: false),
                    ToSchoolId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    StartDate = table.Column<DateOnly>(type: "date", nullable: false),
                    EndDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Note = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TeacherRotations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TeacherRotations_Schools_FromSchoolId",
                        column: x => x.FromSchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_TeacherRotations_Schools_ToSchoolId",
                        column: x => x.ToSchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_TeacherRotations_Staff_StaffId",
                        column: x => x.StaffId,
                        principalTable: "Staff",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TrainingRecords",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StaffId = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Course = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    Mode = table.Column<int>(type: "integer", nullable: false),
                    Hours = table.Column<double>(type: "double precision", nullable: false),
                    Credits = table.Column<double>(type: "double precision", nullable: true),
                    Days = table.Column<double>(type: "double precision", nullable: true),
                    StartDate = table.Column<DateOnly>(type: "date", nullable: false),
                    EndDate = table.Column<DateOnly>(type: "date", nullable: false),
                    CertificateNumber = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Organiser = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ImportId = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainingRecords", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TrainingRecords_Staff_StaffId",
                        column: x => x.StaffId,
                        principalTable: "Staff",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_TrainingRecords_TrainingImports_ImportId",
                        column: x => x.ImportId,
                        principalTable: "TrainingImports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

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
                name: "StatusChanges",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StudentId = table.Column<int>(type: "integer", nullable: false),
                    Type = table.Column<int>(type: "integer", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    FromSchoolId = table.Column<int>(type: "integer", nullable: true),
                    ToSchoolId = table.Column<int>(type: "integer", nullable: true),
                    Grade = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: true),
                    Reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatusChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StatusChanges_Students_StudentId",
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

            migrationBuilder.CreateTable(
                name: "PlanAttachments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UpdateId = table.Column<int>(type: "integer", nullable: false),
                    FileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    SizeBytes = table.Column<long>(type: "bigint", nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanAttachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlanAttachments_PlanProgressUpdates_UpdateId",
                        column: x => x.UpdateId,
                        principalTable: "PlanProgressUpdates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DropoutCases",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StudentId = table.Column<int>(type: "integer", nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    Grade = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Source = table.Column<int>(type: "integer", nullable: false),
                    StatusChangeId = table.Column<int>(type: "integer", nullable: true),
                    LeftOn = table.Column<DateOnly>(type: "date", nullable: false),
                    OpenedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Causes = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SchoolResponsible = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    TownshipResponsible = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    VillageResponsible = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    NotesCipher = table.Column<byte[]>(type: "bytea", nullable: true),
                    Closed = table.Column<bool>(type: "boolean", nullable: false),
                    Closure = table.Column<int>(type: "integer", nullable: true),
                    ClosedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ClosedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ClosureEvidence = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DropoutCases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DropoutCases_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DropoutCases_StatusChanges_StatusChangeId",
                        column: x => x.StatusChangeId,
                        principalTable: "StatusChanges",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DropoutCases_Students_StudentId",
                        column: x => x.StudentId,
                        principalTable: "Students",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PlanAttachmentContents",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Bytes = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanAttachmentContents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlanAttachmentContents_PlanAttachments_Id",
                        column: x => x.Id,
                        principalTable: "PlanAttachments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PersuasionSteps",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CaseId = table.Column<int>(type: "integer", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Method = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Participants = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Result = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Evidence = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    NextOn = table.Column<DateOnly>(type: "date", nullable: true),
                    RecordedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersuasionSteps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PersuasionSteps_DropoutCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "DropoutCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "DataVersions",
                columns: new[] { "Id", "Version" },
                values: new object[] { 1, 0L });

            migrationBuilder.CreateIndex(
                name: "IX_AgePopulations_DivisionCode_Year_Age",
                table: "AgePopulations",
                columns: new[] { "DivisionCode", "Year", "Age" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetRoleClaims_RoleId",
                table: "AspNetRoleClaims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "AspNetRoles",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserClaims_UserId",
                table: "AspNetUserClaims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserLogins_UserId",
                table: "AspNetUserLogins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserRoles_RoleId",
                table: "AspNetUserRoles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "AspNetUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "AspNetUsers",
                column: "NormalizedUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditCheckpoints_Sequence",
                table: "AuditCheckpoints",
                column: "Sequence",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_At",
                table: "AuditEntries",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_BalanceAssessments_CountyCode_Year_Code",
                table: "BalanceAssessments",
                columns: new[] { "CountyCode", "Year", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Births_DivisionCode_Year_Source",
                table: "Births",
                columns: new[] { "DivisionCode", "Year", "Source" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Classes_SchoolId_Year_Grade_Number",
                table: "Classes",
                columns: new[] { "SchoolId", "Year", "Grade", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Divisions_Code",
                table: "Divisions",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Divisions_ParentCode",
                table: "Divisions",
                column: "ParentCode");

            migrationBuilder.CreateIndex(
                name: "IX_DropoutCases_SchoolId_LeftOn",
                table: "DropoutCases",
                columns: new[] { "SchoolId", "LeftOn" });

            migrationBuilder.CreateIndex(
                name: "IX_DropoutCases_StatusChangeId",
                table: "DropoutCases",
                column: "StatusChangeId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DropoutCases_StudentId",
                table: "DropoutCases",
                column: "StudentId");

            migrationBuilder.CreateIndex(
                name: "IX_DualQualifiedCertifications_StaffId",
                table: "DualQualifiedCertifications",
                column: "StaffId");

            migrationBuilder.CreateIndex(
                name: "IX_Facilities_SchoolId_Year",
                table: "Facilities",
                columns: new[] { "SchoolId", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Finances_SchoolId_Year",
                table: "Finances",
                columns: new[] { "SchoolId", "Year" },
                unique: true);

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
                name: "IX_FrozenIndicatorValues_FreezeId_IndicatorCode",
                table: "FrozenIndicatorValues",
                columns: new[] { "FreezeId", "IndicatorCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_GradeEnrolments_SchoolId_Year_Grade_Sex",
                table: "GradeEnrolments",
                columns: new[] { "SchoolId", "Year", "Grade", "Sex" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_GradeEnrolments_Year",
                table: "GradeEnrolments",
                column: "Year");

            migrationBuilder.CreateIndex(
                name: "IX_HousingProjects_DivisionCode_Name",
                table: "HousingProjects",
                columns: new[] { "DivisionCode", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_HousingProjects_SchoolId",
                table: "HousingProjects",
                column: "SchoolId");

            migrationBuilder.CreateIndex(
                name: "IX_ImportBatches_At",
                table: "ImportBatches",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_ImportChanges_BatchId",
                table: "ImportChanges",
                column: "BatchId");

            migrationBuilder.CreateIndex(
                name: "IX_IssueLedger_PlanCode_State",
                table: "IssueLedger",
                columns: new[] { "PlanCode", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_KeyTeacherTitles_StaffId_Kind",
                table: "KeyTeacherTitles",
                columns: new[] { "StaffId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_PasswordHistory_UserId",
                table: "PasswordHistory",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_PeriodEvents_PeriodId",
                table: "PeriodEvents",
                column: "PeriodId");

            migrationBuilder.CreateIndex(
                name: "IX_PeriodSubmissions_PeriodId_SchoolId",
                table: "PeriodSubmissions",
                columns: new[] { "PeriodId", "SchoolId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PeriodSubmissions_SchoolId",
                table: "PeriodSubmissions",
                column: "SchoolId");

            migrationBuilder.CreateIndex(
                name: "IX_PersuasionSteps_CaseId_Date",
                table: "PersuasionSteps",
                columns: new[] { "CaseId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_PlanAttachments_UpdateId",
                table: "PlanAttachments",
                column: "UpdateId");

            migrationBuilder.CreateIndex(
                name: "IX_PlanProgressUpdates_ProjectId",
                table: "PlanProgressUpdates",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_PlanProgressUpdates_TaskId",
                table: "PlanProgressUpdates",
                column: "TaskId");

            migrationBuilder.CreateIndex(
                name: "IX_PlanProjects_PlanCode_Code",
                table: "PlanProjects",
                columns: new[] { "PlanCode", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PlanProjects_SchoolId",
                table: "PlanProjects",
                column: "SchoolId");

            migrationBuilder.CreateIndex(
                name: "IX_PlanStateChanges_IssueId_On",
                table: "PlanStateChanges",
                columns: new[] { "IssueId", "On" });

            migrationBuilder.CreateIndex(
                name: "IX_PlanStateChanges_ProjectId_On",
                table: "PlanStateChanges",
                columns: new[] { "ProjectId", "On" });

            migrationBuilder.CreateIndex(
                name: "IX_PlanStateChanges_TaskId_On",
                table: "PlanStateChanges",
                columns: new[] { "TaskId", "On" });

            migrationBuilder.CreateIndex(
                name: "IX_PlanTaskMilestones_TaskId_Year",
                table: "PlanTaskMilestones",
                columns: new[] { "TaskId", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_PlanTasks_PlanCode_Number",
                table: "PlanTasks",
                columns: new[] { "PlanCode", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PlanYearFreezes_PlanCode_DivisionCode_Year",
                table: "PlanYearFreezes",
                columns: new[] { "PlanCode", "DivisionCode", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReportingPeriods_Year_Form",
                table: "ReportingPeriods",
                columns: new[] { "Year", "Form" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RotationExemptions_StaffId_Year_Code",
                table: "RotationExemptions",
                columns: new[] { "StaffId", "Year", "Code" },
                unique: true);

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
                name: "IX_SatisfactionSurveys_CountyCode_Year_Group",
                table: "SatisfactionSurveys",
                columns: new[] { "CountyCode", "Year", "Group" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SchoolAffiliations_SchoolId_EffectiveFrom",
                table: "SchoolAffiliations",
                columns: new[] { "SchoolId", "EffectiveFrom" });

            migrationBuilder.CreateIndex(
                name: "IX_Schools_Code",
                table: "Schools",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Schools_CountyCode",
                table: "Schools",
                column: "CountyCode");

            migrationBuilder.CreateIndex(
                name: "IX_Schools_EducationGroupId",
                table: "Schools",
                column: "EducationGroupId");

            migrationBuilder.CreateIndex(
                name: "IX_Schools_ParentSchoolId",
                table: "Schools",
                column: "ParentSchoolId");

            migrationBuilder.CreateIndex(
                name: "IX_Schools_TownshipCode",
                table: "Schools",
                column: "TownshipCode");

            migrationBuilder.CreateIndex(
                name: "IX_SchoolSupervisors_UserId",
                table: "SchoolSupervisors",
                column: "UserId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SignInEvents_UserId",
                table: "SignInEvents",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_Staff_IdNumberHash",
                table: "Staff",
                column: "IdNumberHash");

            migrationBuilder.CreateIndex(
                name: "IX_Staff_SchoolId",
                table: "Staff",
                column: "SchoolId");

            migrationBuilder.CreateIndex(
                name: "IX_Staff_StaffNumber",
                table: "Staff",
                column: "StaffNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StaffAssignments_StaffId",
                table: "StaffAssignments",
                column: "StaffId");

            migrationBuilder.CreateIndex(
                name: "IX_StaffYears_SchoolId_Year",
                table: "StaffYears",
                columns: new[] { "SchoolId", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_StaffYears_StaffId_Year",
                table: "StaffYears",
                columns: new[] { "StaffId", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StaffYears_Year_SchoolId",
                table: "StaffYears",
                columns: new[] { "Year", "SchoolId" });

            migrationBuilder.CreateIndex(
                name: "IX_StatusChanges_StudentId",
                table: "StatusChanges",
                column: "StudentId");

            migrationBuilder.CreateIndex(
                name: "IX_StoredFiles_Owner_OwnerId",
                table: "StoredFiles",
                columns: new[] { "Owner", "OwnerId" });

            migrationBuilder.CreateIndex(
                name: "IX_StoredFiles_SchoolId",
                table: "StoredFiles",
                column: "SchoolId");

            migrationBuilder.CreateIndex(
                name: "IX_Students_Disabled",
                table: "Students",
                column: "Id",
                filter: "\"Disabled\"");

            migrationBuilder.CreateIndex(
                name: "IX_Students_IdNumberHash",
                table: "Students",
                column: "IdNumberHash");

            migrationBuilder.CreateIndex(
                name: "IX_Students_Name",
                table: "Students",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_Students_SchoolId_Grade",
                table: "Students",
                columns: new[] { "SchoolId", "Grade" });

            migrationBuilder.CreateIndex(
                name: "IX_Students_StudentNumberHash",
                table: "Students",
                column: "StudentNumberHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StudentYears_StudentId_Year",
                table: "StudentYears",
                columns: new[] { "StudentId", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StudentYears_Year_SchoolId_Grade",
                table: "StudentYears",
                columns: new[] { "Year", "SchoolId", "Grade" });

            migrationBuilder.CreateIndex(
                name: "IX_SubmissionSteps_SubmissionId",
                table: "SubmissionSteps",
                column: "SubmissionId");

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
                name: "IX_TeacherQualifications_StaffId",
                table: "TeacherQualifications",
                column: "StaffId");

            migrationBuilder.CreateIndex(
                name: "IX_TeacherRotations_FromSchoolId",
                table: "TeacherRotations",
                column: "FromSchoolId");

            migrationBuilder.CreateIndex(
                name: "IX_TeacherRotations_StaffId_Year",
                table: "TeacherRotations",
                columns: new[] { "StaffId", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_TeacherRotations_ToSchoolId",
                table: "TeacherRotations",
                column: "ToSchoolId");

            migrationBuilder.CreateIndex(
                name: "IX_TeacherRotations_Year_FromSchoolId",
                table: "TeacherRotations",
                columns: new[] { "Year", "FromSchoolId" });

            migrationBuilder.CreateIndex(
                name: "IX_TrainingRecords_ImportId",
                table: "TrainingRecords",
                column: "ImportId");

            migrationBuilder.CreateIndex(
                name: "IX_TrainingRecords_StaffId_Year",
                table: "TrainingRecords",
                columns: new[] { "StaffId", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_TrainingRecords_Year",
                table: "TrainingRecords",
                column: "Year");

            migrationBuilder.CreateIndex(
                name: "IX_UnmaskedExports_UserName_Day",
                table: "UnmaskedExports",
                columns: new[] { "UserName", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_UserScopes_UserId",
                table: "UserScopes",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_UserSessions_UserId",
                table: "UserSessions",
                column: "UserId");

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

            migrationBuilder.CreateIndex(
                name: "IX_VisitDrafts_UserId_DraftKey",
                table: "VisitDrafts",
                columns: new[] { "UserId", "DraftKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_YearlyStatistics_DivisionCode_Year_Key",
                table: "YearlyStatistics",
                columns: new[] { "DivisionCode", "Year", "Key" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AgePopulations");

            migrationBuilder.DropTable(
                name: "AspNetRoleClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins");

            migrationBuilder.DropTable(
                name: "AspNetUserRoles");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens");

            migrationBuilder.DropTable(
                name: "AuditCheckpoints");

            migrationBuilder.DropTable(
                name: "AuditEntries");

            migrationBuilder.DropTable(
                name: "BalanceAssessments");

            migrationBuilder.DropTable(
                name: "Births");

            migrationBuilder.DropTable(
                name: "Classes");

            migrationBuilder.DropTable(
                name: "DataVersions");

            migrationBuilder.DropTable(
                name: "Divisions");

            migrationBuilder.DropTable(
                name: "DualQualifiedCertifications");

            migrationBuilder.DropTable(
                name: "Facilities");

            migrationBuilder.DropTable(
                name: "Finances");

            migrationBuilder.DropTable(
                name: "FitnessTests");

            migrationBuilder.DropTable(
                name: "FrozenIndicatorValues");

            migrationBuilder.DropTable(
                name: "GradeEnrolments");

            migrationBuilder.DropTable(
                name: "HousingProjects");

            migrationBuilder.DropTable(
                name: "ImportBatches");

            migrationBuilder.DropTable(
                name: "ImportChanges");

            migrationBuilder.DropTable(
                name: "KeyTeacherTitles");

            migrationBuilder.DropTable(
                name: "PasswordHistory");

            migrationBuilder.DropTable(
                name: "PeriodEvents");

            migrationBuilder.DropTable(
                name: "PersuasionSteps");

            migrationBuilder.DropTable(
                name: "PlanAttachmentContents");

            migrationBuilder.DropTable(
                name: "PlanStateChanges");

            migrationBuilder.DropTable(
                name: "PlanTaskMilestones");

            migrationBuilder.DropTable(
                name: "RotationExemptions");

            migrationBuilder.DropTable(
                name: "SafetyFacilities");

            migrationBuilder.DropTable(
                name: "SafetyHazards");

            migrationBuilder.DropTable(
                name: "SafetyInspectionReports");

            migrationBuilder.DropTable(
                name: "SatisfactionSurveys");

            migrationBuilder.DropTable(
                name: "SchoolAffiliations");

            migrationBuilder.DropTable(
                name: "SchoolSupervisors");

            migrationBuilder.DropTable(
                name: "SecurityPolicies");

            migrationBuilder.DropTable(
                name: "SignInEvents");

            migrationBuilder.DropTable(
                name: "StaffAssignments");

            migrationBuilder.DropTable(
                name: "StaffYears");

            migrationBuilder.DropTable(
                name: "StoredFileContents");

            migrationBuilder.DropTable(
                name: "StudentYears");

            migrationBuilder.DropTable(
                name: "SubmissionSteps");

            migrationBuilder.DropTable(
                name: "SupervisionCampaignSchools");

            migrationBuilder.DropTable(
                name: "SupervisionChecks");

            migrationBuilder.DropTable(
                name: "SupervisionFindings");

            migrationBuilder.DropTable(
                name: "TeacherQualifications");

            migrationBuilder.DropTable(
                name: "TeacherRotations");

            migrationBuilder.DropTable(
                name: "TrainingRecords");

            migrationBuilder.DropTable(
                name: "UnmaskedExports");

            migrationBuilder.DropTable(
                name: "UserScopes");

            migrationBuilder.DropTable(
                name: "UserSessions");

            migrationBuilder.DropTable(
                name: "VisionScreenings");

            migrationBuilder.DropTable(
                name: "VisitDrafts");

            migrationBuilder.DropTable(
                name: "YearlyStatistics");

            migrationBuilder.DropTable(
                name: "AspNetRoles");

            migrationBuilder.DropTable(
                name: "PlanYearFreezes");

            migrationBuilder.DropTable(
                name: "DropoutCases");

            migrationBuilder.DropTable(
                name: "PlanAttachments");

            migrationBuilder.DropTable(
                name: "IssueLedger");

            migrationBuilder.DropTable(
                name: "StoredFiles");

            migrationBuilder.DropTable(
                name: "PeriodSubmissions");

            migrationBuilder.DropTable(
                name: "SupervisionVisits");

            migrationBuilder.DropTable(
                name: "Staff");

            migrationBuilder.DropTable(
                name: "TrainingImports");

            migrationBuilder.DropTable(
                name: "AspNetUsers");

            migrationBuilder.DropTable(
                name: "StatusChanges");

            migrationBuilder.DropTable(
                name: "PlanProgressUpdates");

            migrationBuilder.DropTable(
                name: "ReportingPeriods");

            migrationBuilder.DropTable(
                name: "SupervisionCampaigns");

            migrationBuilder.DropTable(
                name: "Students");

            migrationBuilder.DropTable(
                name: "PlanProjects");

            migrationBuilder.DropTable(
                name: "PlanTasks");

            migrationBuilder.DropTable(
                name: "Schools");

            migrationBuilder.DropTable(
                name: "EducationGroups");
        }
    }
}
