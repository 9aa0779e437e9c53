global using EduCounty.Web.Tests.Infrastructure;
