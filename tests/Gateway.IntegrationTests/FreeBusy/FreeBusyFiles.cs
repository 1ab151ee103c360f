using System.Text;
using Gateway.IntegrationTests.Fixtures;

namespace Gateway.IntegrationTests.FreeBusy;

/// <summary>Free/busy test files, each with a unique UID so that one upload is never mistaken for another.</summary>
internal static class FreeBusyFiles
{
    /// <summary>An Outlook-style .vfb for <paramref name="user"/>, CRLF line ends.</summary>
    public static byte[] Valid(string user) => Encoding.UTF8.GetBytes(string.Join("\r\n",
        "BEGIN:VCALENDAR",
        "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
        "VERSION:2.0",
        "METHOD:PUBLISH",
        "BEGIN:VFREEBUSY",
        $"ORGANIZER:MAILTO:{user}@lab.test",
        $"UID:{Guid.NewGuid():N}@lab.test",
        "DTSTAMP:20250301T120000Z",
        "DTSTART:20250301T000000Z",
        "DTEND:20250501T000000Z",
        "FREEBUSY;FBTYPE=BUSY:20250303T090000Z/20250303T100000Z,20250304T130000Z/20250304T150000Z",
        "FREEBUSY;FBTYPE=BUSY-TENTATIVE:20250305T080000Z/20250305T083000Z",
        "END:VFREEBUSY",
        "END:VCALENDAR",
        ""));

    /// <summary>Writes <paramref name="bytes"/> to a new temporary file and returns its path.</summary>
    public static string Write(byte[] bytes)
    {
        var path = Path.Combine(TestTls.RunDirectory, $"upload-{Guid.NewGuid():N}.vfb");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
