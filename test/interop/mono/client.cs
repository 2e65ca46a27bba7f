// Line-driven MS-WMS client for interop tests: Mono's WCF (System.ServiceModel) with the proxy that svcutil generated
// from the reference service's ?wsdl (see build.sh next to this file).
//
//   mono wms-client.exe <endpoint URL>
//
// Reads one call per line on stdin and answers each with one JSON line on stdout (the protocol of
// test/interop/reference/line-client.ts):
//
//   <user> <password> <Operation> [<taskId> [<lastModified> | <mappedKey>]]
//
// <mappedKey> is a string or "@nil" (a null string, which WCF writes as i:nil="true"; WCF cannot leave the element
// out, so "@absent" is sent as nil too). Answers:
//
//   {"op":"...","ok":true,"result":<value>}
//   {"op":"...","ok":false,"status":<HTTP status or null>,"error":"..."}
//
// Binding: BasicHttpBinding (SOAP 1.1, text/xml), Security.Mode = TransportCredentialOnly with
// Transport.ClientCredentialType = Basic, i.e. HTTP Basic over plain http; credentials from ClientCredentials.UserName.
// Nullable members (CurrentJobId, LastEndTime) print as null when nil; the others are value types, so an absent
// element would read as the default value.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.ServiceModel;
using System.Text;
using Microsoft.Office.Server.WorkManagement;

static class WmsLineClient
{
    static readonly Dictionary<string, WorkManagementServiceApplicationClient> Clients = new Dictionary<string, WorkManagementServiceApplicationClient>();

    static WorkManagementServiceApplicationClient ClientFor(string url, string user, string password)
    {
        string key = user + "\n" + password;
        WorkManagementServiceApplicationClient c;
        if (Clients.TryGetValue(key, out c) && c.State != CommunicationState.Faulted) return c;
        var binding = new BasicHttpBinding();
        binding.Security.Mode = BasicHttpSecurityMode.TransportCredentialOnly;
        binding.Security.Transport.ClientCredentialType = HttpClientCredentialType.Basic;
        c = new WorkManagementServiceApplicationClient(binding, new EndpointAddress(url));
        c.ClientCredentials.UserName.UserName = user;
        c.ClientCredentials.UserName.Password = password;
        Clients[key] = c;
        return c;
    }

    static string Str(string s)
    {
        if (s == null) return "null";
        var b = new StringBuilder("\"");
        foreach (char ch in s)
        {
            switch (ch)
            {
                case '"': b.Append("\\\""); break;
                case '\\': b.Append("\\\\"); break;
                case '\n': b.Append("\\n"); break;
                case '\r': b.Append("\\r"); break;
                case '\t': b.Append("\\t"); break;
                default:
                    if (ch < 0x20) b.AppendFormat("\\u{0:x4}", (int)ch); else b.Append(ch);
                    break;
            }
        }
        return b.Append('"').ToString();
    }

    static string Bool(bool b) { return b ? "true" : "false"; }
    static string Int(int? i) { return i.HasValue ? i.Value.ToString(CultureInfo.InvariantCulture) : "null"; }

    static string Time(DateTime? t)
    {
        if (!t.HasValue) return "null";
        // Kind is Utc for "...Z", Local for an offset; ToUniversalTime keeps Utc as is.
        var u = t.Value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(t.Value, DateTimeKind.Utc) : t.Value.ToUniversalTime();
        return Str(u.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }

    static string Call(WorkManagementServiceApplicationClient c, string op, string[] a)
    {
        switch (op)
        {
            case "BeginCacheRefresh":
            {
                CreateRefreshJobResult r = c.BeginCacheRefresh();
                if (r == null) return "null";
                return "{\"CreatedJob\":" + Bool(r.CreatedJob) + ",\"CurrentJobId\":" + Int(r.CurrentJobId) +
                       ",\"CurrentJobIdClient\":" + Int(r.CurrentJobIdClient) + ",\"EncounteredError\":" + Bool(r.EncounteredError) + "}";
            }
            case "BeginExchangeSync": return Bool(c.BeginExchangeSync());
            case "OptIntoExchangeSync": return Str(c.OptIntoExchangeSync().ToString());
            case "OptOutOfExchangeSync": return Bool(c.OptOutOfExchangeSync());
            case "GetExchangeSyncInfo":
            {
                ExchangeUserSyncState s = c.GetExchangeSyncInfo();
                if (s == null) return "null";
                return "{\"IsOptedIn\":" + Bool(s.IsOptedIn) + ",\"LastEndTime\":" + Time(s.LastEndTime) + ",\"LastSyncResult\":" + Str(s.LastSyncResult.ToString()) + "}";
            }
            case "BeginCreateTaskPropagation":
                c.BeginCreateTaskPropagation(int.Parse(a[0], CultureInfo.InvariantCulture));
                return "null";
            case "BeginUpdateTaskPropagation":
                c.BeginUpdateTaskPropagation(int.Parse(a[0], CultureInfo.InvariantCulture),
                    DateTime.Parse(a[1], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal));
                return "null";
            case "BeginDeleteTaskPropagation":
                c.BeginDeleteTaskPropagation(int.Parse(a[0], CultureInfo.InvariantCulture), a[1].StartsWith("@") ? null : a[1]);
                return "null";
            case "BeginRelocateTaskPropagation":
                c.BeginRelocateTaskPropagation(int.Parse(a[0], CultureInfo.InvariantCulture), a[1].StartsWith("@") ? null : a[1]);
                return "null";
            default:
                throw new ArgumentException("unknown operation " + op);
        }
    }

    /** The HTTP status behind a WCF exception (MessageSecurityException / ProtocolException wrap a WebException). */
    static int? Status(Exception e)
    {
        for (Exception x = e; x != null; x = x.InnerException)
        {
            var we = x as WebException;
            if (we != null && we.Response is HttpWebResponse) return (int)((HttpWebResponse)we.Response).StatusCode;
        }
        return null;
    }

    static int Main(string[] args)
    {
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: mono wms-client.exe <endpoint URL>   (calls on stdin: <user> <password> <Operation> [args])");
            return 2;
        }
        string line;
        while ((line = Console.In.ReadLine()) != null)
        {
            string[] w = line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            if (w.Length < 3) continue;
            string op = w[2];
            string[] rest = new string[w.Length - 3];
            Array.Copy(w, 3, rest, 0, rest.Length);
            string output;
            try
            {
                string result = Call(ClientFor(args[0], w[0], w[1]), op, rest);
                output = "{\"op\":" + Str(op) + ",\"ok\":true,\"result\":" + result + "}";
            }
            catch (Exception e)
            {
                int? status = Status(e);
                output = "{\"op\":" + Str(op) + ",\"ok\":false,\"status\":" + (status.HasValue ? status.Value.ToString(CultureInfo.InvariantCulture) : "null") +
                         ",\"error\":" + Str(e.GetType().Name + ": " + e.Message) + "}";
            }
            Console.Out.WriteLine(output);
            Console.Out.Flush();
        }
        foreach (var c in Clients.Values)
        {
            try { if (c.State == CommunicationState.Opened) c.Close(); else c.Abort(); } catch (Exception) { c.Abort(); }
        }
        return 0;
    }
}
