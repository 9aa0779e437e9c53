using EduCounty.Web.Components.Account;
using EduCounty.Web.Components.Balance;
using EduCounty.Web.Components.DropoutPrevention;
using EduCounty.Web.Components.Fitness;
using EduCounty.Web.Components.Imports;
using EduCounty.Web.Components.Periods;
using EduCounty.Web.Components.Plan;
using EduCounty.Web.Components.Registry;
using EduCounty.Web.Components.Safety;
using EduCounty.Web.Components.SpecialGroups;
using EduCounty.Web.Components.StudentAid;
using EduCounty.Web.Components.Supervision;
using EduCounty.Web.Components.Teachers;
using EduCounty.Web.Infrastructure;

// The web host (docs/adr/0020): the platform, then one Add… and one Map… per feature; pages live in
// Components/<Feature> beside their endpoints and registration.
// The content root is the app's own folder, not the working directory (a published build started elsewhere).
var builder = WebApplication.CreateBuilder(WebPlatform.Options(args));
builder.AddPlatform();
builder.AddAccounts();
builder.Services.AddRegistry();
builder.Services.AddPlan();
builder.Services.AddImports();
builder.Services.AddSupervision();
builder.Services.AddSafety();
builder.Services.AddDropoutPrevention();
builder.Services.AddSpecialGroups();
builder.Services.AddStudentAid();
builder.Services.AddPeriods();
builder.Services.AddTeachers();

var app = builder.Build();
app.UsePlatformHeaders();
app.UseAccounts();
app.UseAntiforgery();
app.MapPlatform();
app.MapAccountEndpoints();
app.MapBalanceEndpoints();
app.MapFitnessEndpoints();
app.MapPlan();
app.MapRegistry();
app.MapImportEndpoints();
app.MapSupervision();
app.MapSafety();
app.MapDropoutPrevention();
app.MapTeachers();
app.MapSpecialGroups();
app.MapStudentAid();
app.MapPeriods();

await Startup.InitialiseAsync(app);
app.Run();

public partial class Program;
