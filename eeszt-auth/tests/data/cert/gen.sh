#!/bin/sh
# Regenerates the committed certificate test data of eeszt-auth/tests/data/cert with openssl.
# Demo chain: root (EC P-384, ECDSA-SHA384) -> issuing CA (RSA 3072, signs with RSA-PSS) ->
# client (RSA 2048, clientAuth, digitalSignature), valid for 100 years so that the demo never
# depends on the clock. PKCS#12 files use the password "Árvíztűrő".
set -eu
cd "$(dirname "$0")"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
PW='Árvíztűrő'
openssl ecparam -name secp384r1 -genkey -noout -out "$T/root.key"
openssl req -x509 -new -key "$T/root.key" -sha384 -days 36500 -utf8 \
  -subj "/C=HU/O=Példa Egészségügyi Tanúsítványkiadó/CN=Példa Gyökér CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -out demo_root.pem
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out "$T/ca.key"
openssl req -new -key "$T/ca.key" -utf8 \
  -subj "/C=HU/O=Példa Egészségügyi Tanúsítványkiadó/CN=Példa Kliens CA" -out "$T/ca.csr"
printf 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' > "$T/ca.ext"
openssl x509 -req -in "$T/ca.csr" -CA demo_root.pem -CAkey "$T/root.key" -sha384 -days 36500 \
  -set_serial 0x1001 -extfile "$T/ca.ext" -out demo_ca.pem
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$T/client.key"
openssl req -new -key "$T/client.key" -utf8 \
  -subj "/C=HU/L=Budapest/O=Példa Kórház Kft./OU=Informatika/CN=Példa Kórház Kft. WAF-SSL kliens" \
  -out "$T/client.csr"
printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\nsubjectAltName=DNS:his.pelda-korhaz.example,email:it@pelda-korhaz.example\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' > "$T/client.ext"
openssl x509 -req -in "$T/client.csr" -CA demo_ca.pem -CAkey "$T/ca.key" -sha256 \
  -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 -days 36500 \
  -set_serial 0x00C0FFEE0042 -extfile "$T/client.ext" -out "$T/client.pem"
cat "$T/client.pem" "$T/client.key" demo_ca.pem demo_root.pem > demo_client.pem
cat demo_ca.pem demo_root.pem > "$T/chain.pem"
openssl pkcs12 -export -inkey "$T/client.key" -in "$T/client.pem" -certfile "$T/chain.pem" \
  -passout "pass:$PW" -out demo_client.p12
openssl pkcs12 -export -legacy -inkey "$T/client.key" -in "$T/client.pem" -certfile "$T/chain.pem" \
  -passout "pass:$PW" -out demo_client_legacy.p12
openssl x509 -in "$T/client.pem" -outform DER -out demo_client.der
# A certificate with the ETSI QCStatements of qc_statements.cnf.
openssl asn1parse -genconf qc_statements.cnf -out qc_statements.der -noout
QC=$(od -An -tx1 -v qc_statements.der | tr -d ' \n' | tr a-f A-F)
openssl req -x509 -new -key "$T/client.key" -sha256 -days 36500 -utf8 \
  -subj "/C=HU/serialNumber=PNOHU-12345678/GN=Éva/SN=Kovács/CN=Kovács Éva" \
  -addext "1.3.6.1.5.5.7.1.3=DER:$QC" -addext "keyUsage=critical,nonRepudiation" \
  -out qc_cert.pem
