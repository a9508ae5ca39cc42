// Who may change what by dynamic update (--update-policy): README's ACME and DHCP-DDNS setup.

// The ACME client (certbot's rfc2136 plugin, lego, acme.sh) sets and removes its DNS-01
// challenges, and nothing else.
grant key: 'acme', regex: /_acme-challenge\.([a-z0-9-]+\.)*example\.com\./, types: 'TXT'

// The DHCP server (Kea's kea-dhcp-ddns) registers its clients under dhcp.example.com and their
// addresses in the reverse zone.
grant key: 'dhcp', wildcard: '*.dhcp.example.com', types: ['A', 'AAAA', 'TXT', 'DHCID']
grant key: 'dhcp', subdomain: '2.0.192.in-addr.arpa', types: 'PTR'
