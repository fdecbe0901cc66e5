-- How an agent's name is read (romaji or kana), so that "@sato" finds 佐藤 健二 (issue 10, bug 5).
ALTER TABLE "User" ADD COLUMN "reading" TEXT;
