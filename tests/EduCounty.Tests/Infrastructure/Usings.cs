global using EduCounty.Tests.Infrastructure;
