/* ks_net.c - the kickstart network command: validate the management
 * network settings and keep them as JSON object text for firstboot.json.
 *
 * ESXi's rules (its installer, weasel): --bootproto is dhcp or static; a
 * missing or unknown one warns and means dhcp. dhcp with --ip, --netmask
 * or --gateway is an error; with --hostname or --nameserver a warning, and
 * they are dropped (DHCP supplies them). static needs --ip; without
 * --netmask the classful mask of the address is used (255.0.0.0 below
 * 128.0.0.0, 255.255.0.0 below 192.0.0.0, else 255.255.255.0), without
 * --gateway the last host address of the subnet, each with a warning;
 * without --hostname or --nameserver it warns. Addresses (--ip, --gateway,
 * each --nameserver) may not be 0.x.x.x, 127.0.0.1, 224.x.x.x or
 * 255.255.255.255; with static, --ip and --gateway may not be the subnet's
 * network or broadcast address and must share the subnet. --nameserver is
 * a comma list of any length of which the first two are used. --vlanid is
 * 0 to 4095. --addvmportgroup is 0, 1, true or false in any case (anything
 * else warns and keeps the default, 1). --nodns is recorded. A second
 * network line warns and replaces the first.
 *
 * Ours on top: addresses are IPv4 dotted quads without leading zeros;
 * --netmask is a contiguous dotted mask; --hostname follows RFC 1123
 * (trailing dots dropped); --device is vmnicN or a MAC address. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ks_int.h"
#include "nls.h"

enum { NO_BOOTPROTO, NO_DEVICE, NO_IP, NO_NETMASK, NO_GATEWAY, NO_NAMESERVER,
       NO_HOSTNAME, NO_VLANID, NO_ADDVMPORTGROUP, NO_NODNS, NO_N };

static const struct ks_optdef ks_net_opts[NO_N] = {
	[NO_BOOTPROTO] = { "bootproto", KO_VALUE },
	[NO_DEVICE] = { "device", KO_VALUE },
	[NO_IP] = { "ip", KO_VALUE },
	[NO_NETMASK] = { "netmask", KO_VALUE },
	[NO_GATEWAY] = { "gateway", KO_VALUE },
	[NO_NAMESERVER] = { "nameserver", KO_VALUE },
	[NO_HOSTNAME] = { "hostname", KO_VALUE },
	[NO_VLANID] = { "vlanid", KO_VALUE },
	[NO_ADDVMPORTGROUP] = { "addvmportgroup", KO_VALUE },
	[NO_NODNS] = { "nodns", KO_FLAG },
};

/* Parse a dotted-quad IPv4 address (no leading zeros) of exactly n chars. */
static bool ks_ipv4_parse(const char *s, size_t n, uint32_t *out)
{
	uint32_t v = 0;
	unsigned part = 0, digits = 0, val = 0;
	size_t i;

	for (i = 0; i <= n; i++) {
		char ch = '.';	/* a final dot closes the last part */

		if (i < n)
			ch = s[i];
		if (ch >= '0' && ch <= '9') {
			if (digits == 1 && val == 0)
				return false;	/* leading zero */
			val = val * 10 + (unsigned)(ch - '0');
			if (++digits > 3 || val > 255)
				return false;
		} else if (ch == '.') {
			if (!digits || part == 4)
				return false;
			v = v << 8 | val;
			part++;
			digits = val = 0;
		} else {
			return false;
		}
	}
	if (part != 4)
		return false;
	*out = v;
	return true;
}

/* The reason ESXi refuses ip as a host address, or NULL when it takes it. */
static const char *ks_addr_why(uint32_t ip)
{
	if (ip >> 24 == 0)
		return _("its first number is 0");
	if (ip == 0x7f000001u)
		return _("it is the loopback address");
	if (ip >> 24 == 224)
		return _("it is a multicast address");
	if (ip == 0xffffffffu)
		return _("it is the broadcast address");
	return NULL;
}

/* True when s is a contiguous netmask such as 255.255.255.0. */
static bool ks_netmask_ok(uint32_t m)
{
	uint32_t inv = ~m;

	return m != 0 && (inv & (inv + 1)) == 0;
}

/* True for an RFC 1123 host name; trailing dots are not counted. */
static bool ks_hostname_ok(const char *s)
{
	size_t label = 0, i, n = strlen(s);

	if (n == 0 || n > 255)
		return false;
	while (n > 1 && s[n - 1] == '.')
		n--;
	for (i = 0; i <= n; i++) {
		char ch = '\0';

		if (i < n)
			ch = s[i];

		if (ch == '.' || ch == '\0') {
			if (label == 0 || label > 63 || s[i - 1] == '-')
				return false;
			label = 0;
		} else if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
			   || (ch >= '0' && ch <= '9') || (ch == '-' && label > 0)) {
			label++;
		} else {
			return false;
		}
	}
	return true;
}

/* True for vmnicN or a MAC address aa:bb:cc:dd:ee:ff. */
static bool ks_device_ok(const char *s)
{
	size_t i;

	if (!strncmp(s, "vmnic", 5) && s[5] && strspn(s + 5, "0123456789") == strlen(s + 5))
		return strlen(s) < 16;
	if (strlen(s) != 17)
		return false;
	for (i = 0; i < 17; i++)
		if (i % 3 == 2 ? s[i] != ':' : !strchr("0123456789abcdefABCDEF", s[i]))
			return false;
	return true;
}

/* Append to a fixed buffer. */
static void ks_cat(char *buf, size_t size, const char *a, const char *b, const char *z)
{
	size_t l = strlen(buf);

	snprintf(buf + l, size - l, "%s%s%s", a, b, z);
}

/* Validate the whole nameserver list and append its first two addresses
 * (all ESXi's installer uses) to json as an array. */
static int ks_net_dns(struct ks_ctx *c, const struct ks_pos *at, const char *list,
		      char *json, size_t size)
{
	const char *p = list, *why = NULL;
	unsigned n = 0;
	uint32_t v;
	size_t len;

	ks_cat(json, size, ",\"nameserver\":[", "", "");
	for (;;) {
		len = strcspn(p, ",");
		if (!ks_ipv4_parse(p, len, &v))
			return ks_error(c, at, EINVAL, _("network: --nameserver= needs IPv4 addresses separated by commas"));
		if ((why = ks_addr_why(v)) != NULL)
			return ks_error(c, at, EINVAL, _("network: the name server %.*s cannot be used: %s"),
					(int)len, p, why);
		if (++n <= 2) {
			ks_cat(json, size, n > 1 ? "," : "", "\"", "");
			snprintf(json + strlen(json), size - strlen(json), "%.*s\"", (int)len, p);
		}
		if (!p[len])
			break;
		p += len + 1;
	}
	ks_cat(json, size, "]", "", "");
	return 0;
}

/* Refuse an address ESXi refuses: 0.x, loopback, multicast, broadcast. */
static int ks_addr_check(struct ks_ctx *c, const struct ks_pos *at, const char *opt,
			 const char *s, uint32_t v)
{
	const char *why = ks_addr_why(v);

	if (why)
		return ks_error(c, at, EINVAL, _("network: --%s=%s cannot be used: %s"), opt, s, why);
	return 0;
}

/* Refuse a host address that is its subnet's network or broadcast address
 * (not checked for /31 and /32 masks, whose subnets have neither). */
static int ks_host_check(struct ks_ctx *c, const struct ks_pos *at, const char *opt,
			 const char *s, uint32_t v, uint32_t mask)
{
	if (mask >= 0xfffffffeu)	/* /31 (RFC 3021) and /32: no such addresses */
		return 0;
	if ((v & ~mask) == 0)
		return ks_error(c, at, EINVAL, _("network: --%s=%s is the network address of its subnet"), opt, s);
	if ((v & ~mask) == ~mask)
		return ks_error(c, at, EINVAL, _("network: --%s=%s is the broadcast address of its subnet"), opt, s);
	return 0;
}

/* Write v as a dotted quad into buf (16 bytes). */
static void ks_quad(char *buf, uint32_t v)
{
	snprintf(buf, 16, "%u.%u.%u.%u", v >> 24, (v >> 16) & 255, (v >> 8) & 255, v & 255);
}

/* How many times ch ends s. */
static size_t ks_trailing(const char *s, char ch)
{
	size_t n = strlen(s), k = 0;

	while (k + 1 < n && s[n - 1 - k] == ch)
		k++;
	return k;
}

/* The classful netmask of ip, as ESXi guesses one. */
static uint32_t ks_classful(uint32_t ip)
{
	return ip < 0x80000000u ? 0xff000000u : ip < 0xc0000000u ? 0xffff0000u : 0xffffff00u;
}

/* Fill in what a static setup leaves out, as ESXi does (each with a
 * warning), then check the addresses against the subnet. The defaults are
 * written into maskbuf and gwbuf (16 bytes each), which v[] then points at. */
static int ks_net_static(struct ks_ctx *c, const struct ks_pos *at, const char **v,
			 uint32_t ip, uint32_t *mask, uint32_t *gw, char *maskbuf, char *gwbuf)
{
	int rc;

	if (!v[NO_HOSTNAME])
		ks_warn(c, at, _("network: --bootproto=static without --hostname; the host keeps the name localhost"));
	if (!v[NO_NAMESERVER])
		ks_warn(c, at, _("network: --bootproto=static without --nameserver; no name server is set"));
	if (!v[NO_NETMASK]) {
		*mask = ks_classful(ip);
		ks_quad(maskbuf, *mask);
		v[NO_NETMASK] = maskbuf;
		ks_warn(c, at, _("network: --bootproto=static without --netmask; using %s, the classful mask of %s"),
			maskbuf, v[NO_IP]);
	}
	if (!v[NO_GATEWAY] && *mask >= 0xfffffffeu)
		return ks_error(c, at, EINVAL, _("network: --bootproto=static without --gateway, and the subnet of %s/%s is too small to guess one: give --gateway="),
				v[NO_IP], v[NO_NETMASK]);
	if (!v[NO_GATEWAY] && ((ip & *mask) | ~*mask) - 1 == ip)
		return ks_error(c, at, EINVAL, _("network: --bootproto=static without --gateway, and the guess (the last host address of the subnet) is %s itself: give --gateway="),
				v[NO_IP]);
	if (!v[NO_GATEWAY]) {
		*gw = ((ip & *mask) | ~*mask) - 1;
		ks_quad(gwbuf, *gw);
		v[NO_GATEWAY] = gwbuf;
		ks_warn(c, at, _("network: --bootproto=static without --gateway; using %s, the last host address of the subnet"),
			gwbuf);
	}
	if ((rc = ks_host_check(c, at, "ip", v[NO_IP], ip, *mask)) < 0
	    || (rc = ks_host_check(c, at, "gateway", v[NO_GATEWAY], *gw, *mask)) < 0)
		return rc;
	if ((*gw & *mask) != (ip & *mask))
		return ks_error(c, at, EINVAL, _("network: the gateway %s is outside the subnet of %s/%s"),
				v[NO_GATEWAY], v[NO_IP], v[NO_NETMASK]);
	return 0;
}

/* network --bootproto=dhcp|static ...: validate and store as JSON. */
int ks_cmd_network(struct ks_ctx *c, const struct ks_pos *at, int argc, char **argv)
{
	const char *v[NO_N];
	struct ks_args a;
	char json[1024], maskbuf[16], gwbuf[16];
	uint32_t ip = 0, mask = 0, gw = 0;
	bool is_static = false, pg = true;
	int rc = ks_opts(c, at, ks_net_opts, NO_N, argc, argv, &a);

	if (rc < 0)
		return rc;
	ks_no_pos(c, at, argv[0], &a, 0);
	memcpy(v, a.val, sizeof(v));
	if (c->have_network)
		ks_warn(c, at, _("network is given more than once; the last one is used"));
	if (v[NO_BOOTPROTO] && !strcmp(v[NO_BOOTPROTO], "static"))
		is_static = true;
	else if (v[NO_BOOTPROTO] && strcmp(v[NO_BOOTPROTO], "dhcp"))
		ks_warn(c, at, _("network: --bootproto must be dhcp or static, not \"%s\"; using dhcp"), v[NO_BOOTPROTO]);
	else if (!v[NO_BOOTPROTO])
		ks_warn(c, at, _("network: no --bootproto; using dhcp"));
	if (v[NO_IP] && !ks_ipv4_parse(v[NO_IP], strlen(v[NO_IP]), &ip))
		return ks_error(c, at, EINVAL, _("network: --ip=%s is not an IPv4 address"), v[NO_IP]);
	if (v[NO_IP] && (rc = ks_addr_check(c, at, "ip", v[NO_IP], ip)) < 0)
		return rc;
	if (v[NO_NETMASK] && (!ks_ipv4_parse(v[NO_NETMASK], strlen(v[NO_NETMASK]), &mask) || !ks_netmask_ok(mask)))
		return ks_error(c, at, EINVAL, _("network: --netmask=%s is not a netmask such as 255.255.255.0"), v[NO_NETMASK]);
	if (v[NO_GATEWAY] && !ks_ipv4_parse(v[NO_GATEWAY], strlen(v[NO_GATEWAY]), &gw))
		return ks_error(c, at, EINVAL, _("network: --gateway=%s is not an IPv4 address"), v[NO_GATEWAY]);
	if (v[NO_GATEWAY] && (rc = ks_addr_check(c, at, "gateway", v[NO_GATEWAY], gw)) < 0)
		return rc;
	if (!is_static && (v[NO_IP] || v[NO_NETMASK] || v[NO_GATEWAY]))
		return ks_error(c, at, EINVAL, _("network: --%s= is set, but --bootproto is dhcp; add --bootproto=static or remove it"),
				v[NO_IP] ? "ip" : v[NO_NETMASK] ? "netmask" : "gateway");
	if (v[NO_HOSTNAME] && !ks_hostname_ok(v[NO_HOSTNAME]))
		return ks_error(c, at, EINVAL, _("network: --hostname=%s is not a valid host name (letters, digits and hyphens, dot-separated)"),
				v[NO_HOSTNAME]);
	json[0] = '\0';
	if (v[NO_NAMESERVER] && (rc = ks_net_dns(c, at, v[NO_NAMESERVER], json, sizeof(json))) < 0)
		return rc;
	if (!is_static && (v[NO_HOSTNAME] || v[NO_NAMESERVER])) {
		ks_warn(c, at, _("network: --hostname and --nameserver are ignored with dhcp (DHCP supplies them)"));
		v[NO_HOSTNAME] = v[NO_NAMESERVER] = NULL;
	}
	if (is_static && !v[NO_IP])
		return ks_error(c, at, EINVAL, _("network: --bootproto=static needs --ip="));
	if (is_static && (rc = ks_net_static(c, at, v, ip, &mask, &gw, maskbuf, gwbuf)) < 0)
		return rc;
	if (v[NO_DEVICE] && !ks_device_ok(v[NO_DEVICE]))
		return ks_error(c, at, EINVAL, _("network: --device=%s must be a vmnic name such as vmnic0 or a MAC address"),
				v[NO_DEVICE]);
	if (v[NO_VLANID]) {
		char *end;
		long id = strtol(v[NO_VLANID], &end, 10);

		if (*end || id < 0 || id > 4095 || !v[NO_VLANID][0])
			return ks_error(c, at, EINVAL, _("network: --vlanid must be a number from 0 to 4095, not \"%s\""),
					v[NO_VLANID]);
	}
	if (v[NO_ADDVMPORTGROUP]) {
		int b = ks_bool(v[NO_ADDVMPORTGROUP]);

		if (b < 0)
			ks_warn(c, at, _("network: --addvmportgroup must be 0, 1, true or false, not \"%s\"; using 1"),
				v[NO_ADDVMPORTGROUP]);
		pg = b != 0;
	}

	/* Every value was checked above: none holds a quote or backslash. */
	snprintf(json, sizeof(json), "{\"bootproto\":\"%s\"", is_static ? "static" : "dhcp");
	if (v[NO_DEVICE])
		ks_cat(json, sizeof(json), ",\"device\":\"", v[NO_DEVICE], "\"");
	if (is_static) {
		ks_cat(json, sizeof(json), ",\"ip\":\"", v[NO_IP], "\"");
		ks_cat(json, sizeof(json), ",\"netmask\":\"", v[NO_NETMASK], "\"");
		if (v[NO_GATEWAY])
			ks_cat(json, sizeof(json), ",\"gateway\":\"", v[NO_GATEWAY], "\"");
	}
	if (v[NO_NAMESERVER] && (rc = ks_net_dns(c, at, v[NO_NAMESERVER], json, sizeof(json))) < 0)
		return rc;
	if (v[NO_HOSTNAME])
		snprintf(json + strlen(json), sizeof(json) - strlen(json), ",\"hostname\":\"%.*s\"",
			 (int)(strlen(v[NO_HOSTNAME]) - ks_trailing(v[NO_HOSTNAME], '.')), v[NO_HOSTNAME]);
	if (v[NO_VLANID])
		snprintf(json + strlen(json), sizeof(json) - strlen(json), ",\"vlanid\":%ld",
			 strtol(v[NO_VLANID], NULL, 10));
	if (v[NO_NODNS])
		ks_cat(json, sizeof(json), ",\"nodns\":true", "", "");
	ks_cat(json, sizeof(json), ",\"addvmportgroup\":", pg ? "true" : "false", "}");
	free(c->ks->network_json);
	c->ks->network_json = strdup(json);
	if (!c->ks->network_json)
		return err_set(c->e, ENOMEM, _("Out of memory while reading the kickstart file."));
	c->have_network = true;
	ks_seen_set(&c->network_at, at);
	return 0;
}
