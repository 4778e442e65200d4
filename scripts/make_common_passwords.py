"""Write desktop/data/common-passwords.txt: the common and breached passwords refused at once.

    .venv/bin/python scripts/make_common_passwords.py [--check]

NIST SP 800-63B 5.1.1.2 asks that a chosen password be compared with a list of values
known to be commonly used, expected or compromised. Breach corpora are not shipped: the
list is generated from the patterns that dominate every published top-passwords list
(the words and names people reach for, keyboard walks, digit runs, seasons and years,
words of a medical office, each with the endings people add) so it can be rebuilt and
reviewed. Only entries of at least 8 characters are kept: shorter ones fail the length
rule first. Comparison ignores case, so everything is lower case.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "desktop" / "data" / "common-passwords.txt"
MIN_LENGTH = 8

# The words and names at the top of every published list of leaked passwords.
WORDS = """
password passw0rd p@ssword p@ssw0rd pass qwerty letmein welcome iloveyou monkey dragon
master shadow sunshine princess football baseball basketball soccer hockey superman batman
trustno1 freedom whatever starwars computer internet michael jennifer jordan hunter ranger
buster thomas robert daniel andrew joshua matthew charlie michelle jessica ashley amanda
nicole hannah jasmine tigger pepper ginger maggie summer winter spring autumn flower
cookie chocolate cheese banana orange purple yellow silver golden diamond secret access
login admin administrator root changeme default guest user test tester testing hello
welcomeback lovely loveme lover mustang corvette ferrari harley yankees cowboys eagles
steelers lakers dolphins redskins packers patriots chelsea arsenal liverpool barcelona
madrid juventus jesus christ angel angels heaven blessed faith family friends forever
happy smile flowers butterfly rainbow unicorn pokemon naruto minecraft fortnite roblox
killer ninja samurai pirate wizard merlin gandalf matrix phoenix thunder lightning
falcon tiger lion eagle wolf bear shark cobra viper panther jaguar bulldog doggie kitty
kitten puppy horses cowboy country america usa freedom1 liberty justice soldier marine
army navy police sniper hunter1 fishing golfer golf tennis runner racing nascar
music guitar piano rocknroll metallica nirvana beatles elvis eminem coffee pizza
chicken hotdog cupcake sugar honey sweetie sweetheart babygirl baby darling beautiful
pretty princess1 queen king prince royal money dollar bitcoin crypto million rich
success winner champion victory legend hero superstar rockstar player gamer
trouble nothing something anything everything mother father sister brother daughter
husband wife mommy daddy grandma grandpa family1 michael1 hello123 iloveyou1
qazwsx zaq12wsx 1qaz2wsx 1q2w3e4r 1q2w3e4r5t q1w2e3r4 qwertyuiop asdfghjkl zxcvbnm
qwerty123 asdfasdf asdfghjk zxcvbnm1 qweasd qweasdzxc abc123 abcd1234 abcdefg abcdefgh
aaaaaaaa letmein1 trustme open sesame opensesame nopassword noaccess blahblah
doctor nurse clinic medical medicine hospital health healthcare pharmacy prescription
patient patients office frontdesk reception doctor1 nurse1 physician surgeon dentist
pediatrics cardiology family familymed practice medrx epcs rxrx prescribe controlled
scripts newcrop exostar token hardware sync signing signature secure security
password1 password12 password123 welcome1 welcome123 changeme1 temp temporary temppass
newpassword newpass mypassword mypass yourpassword passcode passphrase
""".split()

NAMES = """
james john robert michael william david richard joseph thomas charles christopher daniel
matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy
ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin
scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry
tyler aaron jose adam nathan henry douglas zachary peter kyle ethan walter noah jeremy
christian keith roger terry gerald harold sean austin carl arthur lawrence dylan jesse
jordan bryan billy joe bruce gabriel logan albert willie alan juan wayne elijah randy roy
vincent ralph eugene russell bobby mason philip louis mary patricia jennifer linda
elizabeth barbara susan jessica sarah karen lisa nancy betty margaret sandra ashley
kimberly emily donna michelle carol amanda dorothy melissa deborah stephanie rebecca
sharon laura cynthia kathleen amy angela shirley anna brenda pamela emma nicole helen
samantha katherine christine debra rachel carolyn janet catherine maria heather diane
ruth julie olivia joyce virginia victoria kelly lauren christina joan evelyn judith megan
andrea cheryl hannah jacqueline martha gloria teresa ann sara madison frances kathryn
janice jean abigail alice judy sophia grace denise amber doris marilyn danielle beverly
isabella theresa diana natalie brittany charlotte marie kayla alexis lori dana
""".split()

ENDINGS = [
    "", "1", "12", "123", "1234", "12345", "!", "1!", "123!", "01", "69", "7", "2023", "2024",
    "2025", "@123",
]  # fmt: skip

SEASONS = ["spring", "summer", "autumn", "fall", "winter"]
MONTHS = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
]  # fmt: skip
YEARS = [str(year) for year in range(2015, 2031)]

DIGIT_RUNS = [
    "12345678", "123456789", "1234567890", "0123456789", "87654321", "987654321",
    "0987654321", "11223344", "12121212", "12341234", "123123123", "123321123",
    "147258369", "159357159", "159753159", "741852963", "789456123", "147852369",
    "11111111", "00000000", "88888888", "99999999", "12344321", "13579246", "24682468",
    "31415926", "20202020", "19191919", "10203040", "11112222", "1029384756", "11235813",
    "696969696", "123654789", "852456852", "321321321", "456456456", "789789789",
]  # fmt: skip

KEYBOARD = [
    "qwertyui", "qwertyuiop", "asdfghjkl", "zxcvbnm,", "1qaz2wsx", "1qazxsw2", "zaq12wsx",
    "!qaz2wsx", "qazwsxedc", "qazxswedc", "1q2w3e4r", "1q2w3e4r5t", "q1w2e3r4", "q1w2e3r4t5",
    "qweasdzxc", "asdfqwer", "qwerasdf", "zxcvasdf", "poiuytre", "lkjhgfds", "mnbvcxz",
    "qwer1234", "asdf1234", "zxcv1234", "1234qwer", "1234asdf", "qwertyqwerty",
    "asdfasdfasdf", "wasdwasd", "qazwsx123", "qwe123qwe", "abcd1234", "abc12345",
    "abcdefgh", "a1b2c3d4", "aa123456", "a1234567", "aaaa1111", "password!", "pa55word",
    "pa$$word", "passw0rd!", "p4ssw0rd", "passwort", "motdepasse", "contrasena",
]  # fmt: skip

LEET = str.maketrans({"a": "@", "o": "0", "e": "3", "i": "1", "s": "$"})


def generate() -> list[str]:
    found: set[str] = set()

    def add(candidate: str) -> None:
        candidate = candidate.lower()
        if len(candidate) >= MIN_LENGTH:
            found.add(candidate)

    for word in WORDS + NAMES:
        for ending in ENDINGS if word in WORDS else ENDINGS[:6]:
            add(word + ending)
        add(word + word)
        add(word.translate(LEET) + "1")
        add("ilove" + word)
    for word in WORDS:
        add(word.translate(LEET))
        for ending in ("!", "123", "2024"):
            add(word.translate(LEET) + ending)
    for season in SEASONS + MONTHS:
        for year in YEARS:
            for ending in ("", "!", "1", "@", "#"):
                add(season + year + ending)
                add(season + "@" + year)
        add(season + "123")
    for run in DIGIT_RUNS + KEYBOARD:
        add(run)
        add(run + "!")
    for digit in "0123456789":
        for length in range(MIN_LENGTH, 13):
            add(digit * length)
    return sorted(found)


def render() -> str:
    header = (
        "# Common and breached passwords refused by iCoreRx (NIST SP 800-63B 5.1.1.2).\n"
        "# Generated by scripts/make_common_passwords.py; edit that script, not this file.\n"
    )
    return header + "\n".join(generate()) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 when the file is stale")
    args = parser.parse_args()
    text = render()
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"stale: {OUT}")
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({len(text.splitlines()) - 2} passwords)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
