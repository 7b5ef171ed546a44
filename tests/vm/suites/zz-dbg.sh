SUITE_MEM=1G
SUITE_HUGEPAGES=64
SUITE_TIMEOUT=300
suite_build() {
	gcc -std=gnu11 -static -O2 -isystem "$FPK_KHDR" -o "$FPK_STAGE/opt/fpk/bin/dbg" /tmp/fpkdbg/dbg.c
}
suite_guest_script() { echo 'dbg; echo "ok - dbg"'; }
