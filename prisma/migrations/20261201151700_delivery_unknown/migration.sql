-- A send whose answer was lost and that the provider cannot confirm: "may have been sent" (issue 17, finding 8).
ALTER TYPE "DeliveryStatus" ADD VALUE 'unknown';
